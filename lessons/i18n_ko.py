"""The Korean catalog: English source string -> Korean (``lessons.i18n.tr``).

Terminology as the Korean lesson texts use it (lessons/course/<id>/ko): 활성화 함수, 은닉층, 출력층,
결정 경계, 학습률, 비용, 정확도, 초기화, 역전파, 순전파, 가중치, 편향, 뉴런 (unit), 샘플
(example), 확인 문제 (checkpoint), 발산 (diverge), 훈련/테스트. Formulas, code notation and
key names stay as they are; a ``{placeholder}`` stays in the Korean too. The course's terms
are in lessons/glossary.toml: a term shown by itself takes its Korean from there.
"""

from .glossary import catalog_entries

KO: dict[str, str] = {
    # -- lesson titles and summaries -------------------------------------------------------------

    # -- step titles -----------------------------------------------------------------------------

    # -- planned lessons (--list, the end of the course) -----------------------------------------

    # -- knobs: labels (notation stays), what each turns, the ends of a ladder --------------------
    "g": "g",
    "z": "z",
    "h": "h",
    "y": "y",
    "α": "α",
    "α ×": "α ×",
    "λ (L2)": "λ (L2)",
    "randn ×": "randn ×",
    "example": "샘플",
    "showing": "보기",
    "slope g'": "기울기 g'",
    "slope": "기울기",
    "units": "뉴런",
    "data": "데이터",
    "folded": "합치기",
    "lines": "줄",
    "init": "초기화",
    "layers": "층",
    "backprop": "역전파",
    "hidden layers": "은닉층",
    "samples": "샘플",
    "test": "테스트",
    "output": "출력",
    "batch": "배치",
    "iterations": "반복",
    "the activation g applied to z: next g, previous G": "z에 적용하는 활성화 함수 g: 다음 g, 이전 G",
    "the example x: next x, previous X": "샘플 x: 다음 x, 이전 X",
    "which function is drawn: next a, previous A (or all five)":
        "그릴 함수: 다음 a, 이전 A (또는 다섯 모두)",
    "draw each function's slope g'(z) too (d turns it on and off)":
        "각 함수의 기울기 g'(z)도 그린다 (d로 켜고 끈다)",
    "move the cursor along z: → right, ← left": "z 위의 커서 이동: → 오른쪽, ← 왼쪽",
    "leaky ReLU's slope for z < 0: steeper +, flatter -":
        "z < 0에서 leaky ReLU의 기울기: 가파르게 +, 완만하게 -",
    "slope 0 makes leaky ReLU plain ReLU: the smallest slope here":
        "기울기 0이면 leaky ReLU는 그냥 ReLU: 여기서 가장 작은 기울기",
    "slope 0.5 is the largest here: at 1 the function would be linear":
        "기울기 0.5가 여기서 가장 크다: 1이면 함수가 선형이 된다",
    "learning rate α: up e, down E (0.001 … 10)": "학습률 α: 높이기 e, 낮추기 E (0.001 … 10)",
    "hidden units: more u, fewer U": "은닉층 뉴런: 더 u, 덜 U",
    "the dataset: next d, previous D": "데이터셋: 다음 d, 이전 D",
    "fold one more layer in: f, one fewer: F": "한 층 더 합치기: f, 한 층 덜: F",
    "every run's learning rate times this factor: more k, less K":
        "각 실행의 학습률에 곱하는 배수: 크게 k, 작게 K",
    "the next line of the derivation: ↓ or Enter; ↑ hides the last":
        "유도의 다음 줄: ↓ 또는 Enter; ↑는 마지막 줄을 숨긴다",
    "the first line is the definition": "첫 줄은 정의다",
    "that was the last line": "마지막 줄이었다",
    "move the probe z: → right, ← left": "측정할 z 이동: → 오른쪽, ← 왼쪽",
    "move the cursor along z": "z 위의 커서 이동",
    "hidden activation g: next a, previous A": "은닉층 활성화 함수 g: 다음 a, 이전 A",
    "the initial weights: next i, previous I (0.01 … 10, Xavier, He)":
        "초기 가중치: 다음 i, 이전 I (0.01 … 10, Xavier, He)",
    "the hidden activation: next a, previous A": "은닉층 활성화 함수: 다음 a, 이전 A",
    "hidden layers: more h, fewer H (0: logistic regression)":
        "은닉층: 더 h, 덜 H (0: 로지스틱 회귀)",
    "units in every hidden layer: more u, fewer U": "모든 은닉층의 뉴런: 더 u, 덜 U",
    "the next line: ↓ or Enter; ↑ goes back": "다음 줄: ↓ 또는 Enter; ↑는 뒤로",
    "the first line": "첫 줄",
    "break back-propagation on purpose (drop g'(Z)): b": "일부러 역전파를 망가뜨린다 (g'(Z) 빼기): b",
    "the data's noise: more v, less V (default: the dataset's own)":
        "데이터의 잡음: 더 v, 덜 V (기본: 데이터셋의 값)",
    "the dataset (both runs): next d, previous D": "데이터셋 (두 실행 모두): 다음 d, 이전 D",
    "training examples: more m, fewer M (default: the dataset's)":
        "훈련 샘플: 더 m, 덜 M (기본: 데이터셋의 값)",
    "test examples: more t, fewer T (0: no test set)": "테스트 샘플: 더 t, 덜 T (0: 테스트 세트 없음)",
    "seed of the data: next z, previous Z": "데이터의 시드: 다음 z, 이전 Z",
    "units in the layer under the cursor (←/→): more u, fewer U":
        "커서 아래 층의 뉴런 (←/→): 더 u, 덜 U",
    "activation of the layer under the cursor (←/→): next a, previous A":
        "커서 아래 층의 활성화 함수 (←/→): 다음 a, 이전 A",
    "output unit: sigmoid (cross-entropy) or linear (MSE); o switches":
        "출력 뉴런: sigmoid (교차 엔트로피) 또는 선형 (MSE); o로 바꾼다",
    "initialisation: next i, previous I": "초기화: 다음 i, 이전 I",
    "the factor of small/large (the weight of constant): more c, less C":
        "작게/크게 초기화의 배수 (상수 초기화에서는 가중치 값): 크게 c, 작게 C",
    "seed of the initial weights: next w, previous W": "초기 가중치의 시드: 다음 w, 이전 W",
    "input": "입력",
    "in use": "사용",
    "the input feature that k switches on or off: next f, previous F":
        "k로 켜고 끄는 입력 특성: 다음 f, 이전 F",
    "the input feature under f as the network's input: k switches it on or off (one stays on)":
        "f로 고른 입력 특성을 신경망의 입력으로: k로 켜고 끈다 (하나는 늘 켜져 있다)",
    "learning rate α: up e, down E": "학습률 α: 높이기 e, 낮추기 E",
    "L2 regularisation strength λ: more l, less L": "L2 정규화 세기 λ: 크게 l, 작게 L",
    "mini-batch size: bigger b, smaller B (full: every example a step)":
        "미니배치 크기: 크게 b, 작게 B (전체: 모든 샘플로 한 스텝)",
    "gradient-descent steps: more j, fewer J": "경사 하강 스텝: 더 j, 덜 J",
    "{label} is at its smallest: {value}": "{label}: 가장 작은 값 {value}",
    "{label} is at its largest: {value}": "{label}: 가장 큰 값 {value}",

    # -- checkpoints: questions, choices, goals, verdicts ------------------------------------------
    "(3, 5)": "(3, 5)",
    "(5, 3)": "(5, 3)",
    "(3, 400)": "(3, 400)",
    "(5, 400)": "(5, 400)",
    "Press 1-{n} to choose; the engine decides.": "1-{n}(으)로 고르면 엔진이 판정한다.",
    "Your choice is in: the run decides.": "골랐다: 훈련이 판정한다.",
    "Right: {answer}.": "맞았다: {answer}.",
    "Not this time: the answer is {answer}.": "틀렸다: 정답은 {answer}.",
    "Goal: {goal}": "목표: {goal}",
    "With a = {label}(z), write {label}'(z) in terms of a (a, z, numbers, + - * / ^ and "
    "brackets):": "a = {label}(z)일 때 {label}'(z)를 a로 쓰자 (a, z, 숫자, + - * / ^, 괄호):",
    "Right on the {nth} try (only a first answer passes): {line}":
        "{nth} 시도에 맞혔다 (통과는 첫 답으로만 인정된다): {line}",
    "(The results appear here when the run ends.)": "(결과는 훈련이 끝나면 여기에 나온다.)",
    "Your choice is in: the run's results show when it ends.":
        "골랐다: 훈련 결과는 훈련이 끝나면 나온다.",
    "Right on the {nth} try: {answer}. Only a first answer passes.":
        "{nth} 시도에 맞혔다: {answer}. 통과는 첫 답으로만 인정된다.",
    "right: it equals the slope at every point checked": "정답: 확인한 모든 점에서 기울기와 같다",
    "not quite: at z = {z}, g'(z) = {e} but your expression gives {w}":
        "아직 아니다. z = {z}에서 g'(z)는 {e}인데 입력한 식은 {w}(을)를 준다",
    "Passed.": "통과.",
    "{run}: below {threshold} {when}; cost {cost} at {total}.":
        "{run}: 비용 {threshold} 미만 — {when}; 반복 {total}에서 비용 {cost}.",
    "Not yet.": "아직 아니다.",
    "choose first: {keys}, then the run decides": "먼저 고르자: {keys}, 그다음 훈련이 판정한다",
    "turn the knobs, then space: graded at iteration {total}":
        "노브를 돌리고 space: 반복 {total}에서 채점",
    "graded when the run ends, at iteration {total}": "훈련이 끝나는 반복 {total}에서 채점",

    # -- keys: footer labels (short: 80 columns) and what each does (the help screen) -------------
    "next": "다음",
    "prev": "이전",
    "reset": "리셋",
    "defaults": "기본값",
    "lesson+": "레슨+",
    "lesson-": "레슨-",
    "lessons": "레슨",
    "help": "도움말",
    "quit": "종료",
    "close": "닫기",
    "Close": "닫기",
    "Begin": "시작",
    "train": "훈련",
    "faster": "빠르게",
    "slower": "느리게",
    "answer": "답",
    "type": "입력",
    "layer-": "층-",
    "layer+": "층+",
    "unit-": "뉴런-",
    "unit+": "뉴런+",
    "A/B": "A/B",
    "A↔B": "A↔B",
    "export": "내보내기",
    "plot": "그래프",
    "map": "경계 그림",
    "The step's plot in the map's place (the panel is too short for both)":
        "결정 경계 그림 자리에 이 단계의 그래프 (패널이 둘 다 보이기에는 낮다)",
    "The step's map in the plot's place": "그래프 자리에 이 단계의 결정 경계 그림",
    "+100": "+100",
    "{label}+": "{label}+",
    "{label}-": "{label}-",
    "{label}: next value": "{label}: 다음 값",
    "{label}: previous value": "{label}: 이전 값",
    "Next step": "다음 단계",
    "Previous step": "이전 단계",
    "Reset: the run from its start (a step that does not train: its own settings)":
        "리셋: 훈련을 처음부터 (훈련하지 않는 단계: 그 단계의 설정으로)",
    "Every knob of this step back to its own value": "이 단계의 모든 노브를 원래 값으로",
    "Next lesson": "다음 레슨",
    "more": "더 보기",
    "text up": "글 위로",
    "The step's text: the next page (when it goes on below)": "단계의 글: 다음 쪽 (아래에 더 있을 때)",
    "The step's text: the page before": "단계의 글: 이전 쪽",
    "▼ more below: ⇧↓": "▼ 아래에 더: ⇧↓",
    "▼ more below: ↓ or PgDn": "▼ 아래에 더: ↓ 또는 PgDn",
    "Previous lesson": "이전 레슨",
    "Show or hide the lesson list": "레슨 목록 보이기/숨기기",
    "The playground: every option of dnn-tutor train as a knob":
        "놀이터: dnn-tutor train의 모든 옵션을 노브로",
    "Every key": "모든 키",
    "Quit (your place is kept)": "종료 (위치는 저장된다)",
    "Close the lesson list": "레슨 목록 닫기",
    "Close help": "도움말 닫기",
    "Close and start the lesson": "닫고 레슨 시작",
    "Start or pause training (after the end: start again)": "훈련 시작/멈춤 (끝난 뒤: 다시 시작)",
    "Train 100 iterations, then pause": "100번 반복 훈련하고 멈춤",
    "Train faster (iterations a second: 1/s, 3/s, 10/s, 30/s, 100/s, 300/s, 1000/s, max)": "더 빠르게 훈련 (초당 반복: 1/s, 3/s, 10/s, 30/s, 100/s, 300/s, 1000/s, max)",
    "Train slower": "더 느리게 훈련",
    "Your prediction: 1 to 2; then the run decides (another number: choose again)":
        "예측: 1에서 2; 그다음 훈련이 판정 (다른 숫자: 다시 고르기)",
    "Your prediction: 1 to 3; then the run decides (another number: choose again)":
        "예측: 1에서 3; 그다음 훈련이 판정 (다른 숫자: 다시 고르기)",
    "Your prediction: 1 to 4; then the run decides (another number: choose again)":
        "예측: 1에서 4; 그다음 훈련이 판정 (다른 숫자: 다시 고르기)",
    "Choice 2": "선택 2",
    "Choice 3": "선택 3",
    "Choice 4": "선택 4",
    "Type your answer (Enter checks it, Esc leaves the input)":
        "답 입력 (Enter로 확인, Esc로 입력 나가기)",
    "Cursor to the previous layer of the network drawn": "그려진 신경망의 이전 층으로 커서",
    "Cursor to the next layer (the output unit last)": "다음 층으로 커서 (출력 뉴런이 마지막)",
    "Cursor to the unit above": "위 뉴런으로 커서",
    "Cursor to the unit below": "아래 뉴런으로 커서",
    "A/B: train a second configuration beside this one on the same data and seeds "
    "(again: back to one)": "A/B: 같은 데이터와 시드로 두 번째 구성을 옆에서 훈련 (다시: 하나로)",
    "In A/B: the knobs edit the other configuration": "A/B에서: 노브가 다른 구성을 바꾼다",
    "Write the edited configuration as a NumPy script that prints what dnn-tutor train prints":
        "바꾼 구성을 dnn-tutor train과 같은 것을 출력하는 NumPy 스크립트로 쓰기",
    "Below 120 columns: the network drawn in place of the data":
        "120열 미만: 데이터 자리에 신경망 그림",
    "The cost plot in the data's place (the panel is too short for both)":
        "데이터 자리에 비용 그래프 (패널이 둘 다 보이기에는 낮다)",
    "The data and the model again": "데이터와 모델 그림으로 돌아가기",
    "network": "신경망",
    "Back to the lessons": "레슨으로 돌아가기",
    "Reset: both runs from their start": "리셋: 두 훈련 모두 처음부터",
    "Every knob back to how the playground opened": "모든 노브를 놀이터를 열 때 값으로",
    "Command palette: jump to a lesson or step, change theme":
        "명령 팔레트: 레슨이나 단계로 이동, 테마와 언어 바꾸기",

    # -- messages ----------------------------------------------------------------------------------
    "pace is at its slowest: {pace}": "속도가 가장 느리다: {pace}",
    "pace is at its fastest: {pace}": "속도가 가장 빠르다: {pace}",
    "every map is shown: there is nothing to flip": "결정 경계 그림이 모두 나와 있다: 넘길 것이 없다",
    "flat at {value}": "{value}에서 평평함",
    "this step does not train": "이 단계는 학습하지 않는다",
    "this step has no maps to flip through": "이 단계에는 넘겨 볼 결정 경계 그림이 없다",
    "Position file": "위치 파일",
    "Kept a damaged position file aside as {kept} ({reason}); starting fresh.":
        "손상된 위치 파일을 {kept}(으)로 옮겨 두었다 ({reason}). 처음부터 시작한다.",
    "The position file {path} cannot be used ({reason}) nor moved aside ({error}); starting "
    "fresh, and it is not written over.":
        "위치 파일 {path}(을)를 사용할 수도 ({reason}) 옮겨 둘 수도 ({error}) 없다. 처음부터 "
        "시작하고, 그 파일은 덮어쓰지 않는다.",
    "Ignored a damaged position file {path} ({reason}); the tutor keeps it aside when it next "
    "opens.": "손상된 위치 파일 {path}(을)를 무시했다 ({reason}). 튜터를 다음에 열 때 옮겨 둔다.",
    "Could not save your place to {path}: {error}": "{path}에 진행 위치를 저장할 수 없다: {error}",
    "it could not be opened: {error}": "열 수 없다: {error}",
    "it is a link to a file that does not exist": "없는 파일을 가리키는 링크다",
    "it is not a regular file": "일반 파일이 아니다",
    "it is larger than {limit} KB": "{limit} KB보다 크다",
    "it is not UTF-8 text": "UTF-8 텍스트가 아니다",
    "it is not valid JSON": "올바른 JSON이 아니다",
    "it is nested too deeply": "너무 깊게 중첩되어 있다",
    "it holds a number too long to read": "읽기에 너무 긴 숫자가 있다",
    "it is not a JSON object": "JSON 객체가 아니다",
    "its field {field} has the wrong type or value": "{field} 필드의 형식이나 값이 잘못되었다",
    "You have reached the end of the course.": "강의의 끝에 왔다.",
    "A/B: B is a copy of A; the knobs now edit B": "A/B: B는 A의 복사본; 이제 노브가 B를 바꾼다",
    "one configuration again: {run}": "다시 구성 하나: {run}",
    "tab switches between A and B in A/B mode (y)": "tab은 A/B 모드(y)에서 A와 B를 오간다",
    "Could not write {path}: {error}": "{path}에 쓸 수 없다: {error}",
    "Wrote {path}{which}: `python {name}` prints what dnn-tutor train prints for this setup":
        "{path}{which}에 썼다: `python {name}`(은)는 이 설정으로 dnn-tutor train과 같은 것을 출력한다",
    "Exported": "내보냄",
    "Not exported": "내보내지 못함",
    "Could not export: {error}": "내보낼 수 없다: {error}",
    "Sent {name}{which} to your browser as a download: `python {name}` prints what dnn-tutor "
    "train prints for this setup":
        "{name}{which}(을)를 브라우저로 내려받게 보냈다: `python {name}`(은)는 이 설정으로 dnn-tutor "
        "train과 같은 것을 출력한다",
    "Language: {name}": "언어: {name}",
    "at {at}": "{at}에서",
    "({n} of {total} lines: ↓ for the next)": "(줄 {n}/{total}: ↓ 다음 줄)",
    "type here, then Enter (Esc leaves)": "여기에 입력하고 Enter (Esc로 나가기)",
    "check": "확인",
    "Check the answer": "답 확인",
    "leave the answer": "답 입력 나가기",
    "Leave the answer: the step's keys (and q) work again":
        "답 입력 나가기: 단계의 키(와 q)가 다시 작동한다",
    "Exit the command palette": "명령 팔레트 닫기",
    "editing": "편집 중",
    "file": "파일",
    "standardized": "표준화됨",
    "layer {layer} of {n}": "층 {layer}/{n}",
    "cursor: the output unit  ←": "커서: 출력 뉴런  ←",
    "the network {whose}": "신경망 {whose}",
    " · ←→↑↓ a unit": " · ←→↑↓ 뉴런",

    # -- status line -------------------------------------------------------------------------------
    "iteration {i}/{total}": "반복 {i}/{total}",
    "training": "훈련 중",
    "paused": "멈춤",
    "done": "완료",
    "diverged: r resets": "발산: r로 리셋",
    "stuck: layer {l} dead": "멈춤: {l}층이 죽은 뉴런뿐",
    "randn × 0.01 is the first start on the list (i goes on)":
        "randn × 0.01이 목록의 첫 시작이다 (i로 다음)",
    "He √(2/n) is the last start on the list (I goes back)":
        "He √(2/n)이 목록의 마지막 시작이다 (I로 이전)",
    "it diverges: lower α (E)": "발산한다: α를 낮추자 (E)",
    "stuck, every unit of layer {l} dead (z < 0 for every point): the output is the same "
    "everywhere and no gradient reaches layer {l} or below; train {train}, test {test}; "
    "lower α (E)":
        "멈췄다. 층 {l}의 뉴런이 모두 죽었다(모든 점에서 z < 0): 출력이 어디서나 같고 "
        "층 {l}(과)와 그 아래로는 기울기가 가지 않는다. 훈련 {train}, 테스트 {test}. "
        "α를 낮추자 (E)",
    "train {train}, test {test}": "훈련 {train}, 테스트 {test}",
    "{who}diverged": "{who}발산",
    " at iteration {i}: r resets; try a smaller α (E)": " 반복 {i}에서: r로 리셋; 더 작은 α (E)",
    " or init scale (C)": " 또는 초기화 스케일 (C)",

    # -- views: plot titles, table headers, map titles (measured numbers stay as they are) ---------
    "cost J": "비용 J",
    "cost J: train, test (dim)": "비용 J: 훈련, 테스트 (흐리게)",
    "cost J, clipped at {top:g}": "비용 J, {top:g}에서 잘림",
    "ŷ over x": "x에 대한 ŷ",
    "{run}: diverged at iteration {at}": "{run}: 반복 {at}에서 발산",
    "{rate}: diverged at iteration {at}: {how}": "{rate}: 반복 {at}에서 발산: {how}",
    "the cost overflowed": "비용이 오버플로했다",
    "a weight passed {bound:g}": "가중치 하나가 {bound:g}(을)를 넘었다",
    "r resets; a smaller α (E) or init scale (C)": "r로 리셋; 더 작은 α (E) 또는 초기화 스케일 (C)",
    "unit {i}": "뉴런 {i}",
    "gradient sizes now ({run})": "지금의 그래디언트 크기 ({run})",
    "units' spread (0: all alike)": "뉴런 간 퍼짐 (0: 모두 같음)",
    "run": "실행",
    "all five": "다섯 모두",
    " and their slopes g'": "와 기울기 g'",
    " (y clipped)": " (y 잘림)",
    " and its slope g'": "와 기울기 g'",
    "dim: each one's slope g'": "흐린 선: 각 함수의 기울기 g'",
    "range": "범위",
    "example {n}   g = {g}": "샘플 {n}   g = {g}",
    "acc": "정확도",
    "test acc": "테스트 정확도",
    "params": "파라미터",
    "MSE": "MSE",
    "ŷ range": "ŷ 범위",
    "min ŷ": "최소 ŷ",
    "1-max ŷ": "1-최대 ŷ",
    "mean a[1]": "평균 a[1]",
    "z<0 all": "모두 z<0",
    "z = 0 exactly": "정확히 z = 0",
    "0 exactly": "정확히 0",
    "class 0": "클래스 0",
    "class 1": "클래스 1",
    "no value": "값 없음",
    # the network diagram's legend: a unit's output a from low to high; only the strongest
    # weights drawn when they would bury the gap between two layers
    "low": "낮음",
    "high": "높음",
    "strongest only": "가장 강한 것만",
    "train {value}": "훈련 {value}",
    "test {value}": "테스트 {value}",

    # -- derivations: titles, notes, each line's reason (formulas stay) ---------------------------
    "every line has the same value: each step is an identity": "모든 줄의 값이 같다: 각 단계는 항등식",
    "quotient rule: (1/v)' = -v'/v², v = 1 + e⁻ᶻ": "몫의 미분법: (1/v)' = -v'/v², v = 1 + e⁻ᶻ",
    "split the square": "제곱을 나눈다",
    "add and subtract 1": "1을 더하고 뺀다",
    "split the fraction": "분수를 나눈다",
    "measured on g: (g(z + h) - g(z - h)) / 2h": "g에서 잰 값: (g(z + h) - g(z - h)) / 2h",
    "quotient rule, u = eᶻ - e⁻ᶻ, v = eᶻ + e⁻ᶻ: u' = v, v' = u":
        "몫의 미분법, u = eᶻ - e⁻ᶻ, v = eᶻ + e⁻ᶻ: u' = v, v' = u",
    "write the products as squares": "곱을 제곱으로 쓴다",
    # activations: tanh as a rescaled sigmoid, drawn dashed over tanh
    "tanh(z) = 2σ(2z) - 1, dashed: largest gap {gap:.1e}":
        "tanh(z) = 2σ(2z) - 1, 점선: 가장 큰 차이 {gap:.1e}",
    # derivatives: dZ[L] = A[L] - Y from the cross-entropy loss through the sigmoid
    "dZ[L], sigmoid and cross-entropy": "dZ[L], sigmoid와 교차 엔트로피",
    "cross-entropy, one example": "교차 엔트로피, 샘플 하나",
    "log a → 1/a, log(1 - a) → -1/(1 - a)": "log a → 1/a, log(1 - a) → -1/(1 - a)",
    "the sigmoid's slope, derived before": "앞에서 유도한 sigmoid의 기울기",
    "chain rule: z → a → L": "연쇄 법칙: z → a → L",
    "multiply: a and 1 - a cancel": "곱한다: a와 1 - a가 약분된다",
    "m = {m} examples at once, one column each": "샘플 m = {m}개를 한꺼번에, 샘플마다 한 열",
    "{value}  engine {check}": "{value}  엔진 {check}",
    "each line beside the engine's own number: its cost, or a centred difference of its cost "
    "or its sigmoid": "각 줄 옆의 수는 엔진이 직접 계산한 값: 비용, 또는 비용이나 sigmoid의 중심 차분",
    "dw and db are the engine's own gradients for this example": "dw와 db는 이 샘플에 대한 엔진의 그래디언트",
    "one example": "샘플 하나",
    "the unit's parameters": "뉴런의 파라미터",
    "forward": "순전파",
    "forward: the loss": "순전파: 손실",
    "backward: the loss's slope": "역전파: 손실의 기울기",
    "the sigmoid's local slope": "sigmoid의 국소 기울기",
    "chain rule: local × the one before": "연쇄 법칙: 국소 × 앞의 것",
    "chain rule: dz/dw = x": "연쇄 법칙: dz/dw = x",
    "chain rule: dz/db = 1": "연쇄 법칙: dz/db = 1",
    "every dW, db has its W's, b's shape: ready for the update": "모든 dW, db는 W, b의 모양: 갱신 준비 완료",
    "layer {l}: the output, derived in lesson {n}, step {k}": "층 {l}: 출력층, 레슨 {n} 단계 {k}에서 유도",
    "layer {l}": "층 {l}",
    "back through W{l}": "W{l}(을)를 거슬러",
    "layer {l}: g' = 1 - A{l}²": "층 {l}: g' = 1 - A{l}²",
    "backward through [{dims}] tanh": "[{dims}] tanh 역전파",
    "m = {m} examples": "샘플 m = {m}개",
    "dZ[l], the gradient reaching each layer": "dZ[l], 각 층에 닿는 그래디언트",

    # -- screens -----------------------------------------------------------------------------------
    " · step {i}/{n}: {step}": " · 단계 {i}/{n}: {step}",
    "   seen {seen}/{n}": "   본 단계 {seen}/{n}",
    ", {mark} {passed}/{n} passed": ", {mark} {passed}/{n} 통과",
    "Playground": "놀이터",
    "every option as a knob (P)": "모든 옵션을 노브로 (P)",
    "Lesson: {title}": "레슨: {title}",
    "Step: {lesson} › {i}. {step}": "단계: {lesson} › {i}. {step}",
    "Playground: every train option as a knob": "놀이터: dnn-tutor train의 모든 옵션을 노브로",
    "free experiments: the network drawn, A/B runs, export as a NumPy script":
        "자유 실험: 신경망 그림, A/B 훈련, NumPy 스크립트로 내보내기",
    "switch the app to this language": "앱을 이 언어로 바꾼다",
    "[b]Playground[/b] · every option of dnn-tutor train; Esc: the lessons":
        "[b]놀이터[/b] · dnn-tutor train의 모든 옵션; Esc: 레슨",
    "Welcome to dnn-tutor": "dnn-tutor에 오신 것을 환영합니다",
    "Watch a neural network learn: every number and plot here is computed by a small NumPy "
    "network while you look.":
        "신경망이 배우는 것을 지켜보자: 여기 모든 숫자와 그래프는 보는 동안 작은 NumPy 신경망이 "
        "계산한다.",
    "Press Enter to begin.": "Enter를 눌러 시작하자.",
    "next / previous step (also PgDn / PgUp)": "다음 / 이전 단계 (PgDn / PgUp도)",
    "next / previous lesson": "다음 / 이전 레슨",
    "start / pause training; < > slower / faster": "훈련 시작 / 멈춤; < > 느리게 / 빠르게",
    "reset the experiment": "실험 리셋",
    "keys": "키",
    "each knob and its keys: the line over the views": "노브와 그 키: 그림과 그래프 위 줄",
    "scroll the step's text (when it goes on below)": "단계의 글 스크롤 (아래에 더 있을 때)",
    "show / hide the lesson list": "레슨 목록 보이기 / 숨기기",
    "jump to any lesson or step; change theme": "어느 레슨이나 단계로 이동; 테마 바꾸기",
    "every key, for the step you are on": "지금 단계의 모든 키",
    "quit (your place is kept)": "종료 (위치는 저장된다)",
    "Keys": "키",
    "key": "키",
    "does": "하는 일",
    "where": "범위",
    "everywhere": "어디서나",
    "this step": "이 단계",
    "turns (turning one starts the run again)": "바꾸는 것 (바꾸면 훈련이 다시 시작)",
    "This step's knobs": "이 단계의 노브",
    "now {value}; ladder: {ladder}": "지금 {value}; 값들: {ladder}",
    "{first} … {last} ({n} values)": "{first} … {last} (값 {n}개)",
    "Mouse works too: click a lesson or step in the list. Esc closes this help.":
        "마우스도 된다: 목록에서 레슨이나 단계를 클릭. Esc로 도움말을 닫는다.",
    "Make the terminal at least {width}x{height} to use dnn-tutor.\n\n(q quits)":
        "dnn-tutor를 쓰려면 터미널을 {width}x{height} 이상으로 키우자.\n\n(q로 종료)",

    # -- the command line (--help, --list) ---------------------------------------------------------
    "Watch a neural network learn, in your terminal.": "신경망이 배우는 것을 터미널에서 지켜보자.",
    "Run 'dnn-tutor train --help' for headless training.":
        "화면 없는 훈련은 'dnn-tutor train --help'.",
    "print the lessons and exit": "레슨 목록을 출력하고 끝낸다",
    "open this lesson (see --list)": "이 레슨을 연다 (--list 참고)",
    "open this step (1-based)": "이 단계를 연다 (1부터)",
    "the language of the lessons and the app (default: the one chosen last, else en)":
        "레슨과 앱의 언어 (기본: 마지막에 고른 언어, 없으면 en)",
    "usage: ": "사용법: ",
    "positional arguments": "명령",
    "options": "옵션",
    "serve the tutor to web browsers: one app per tab (needs dnn-tutor[web])":
        "웹 브라우저로 튜터를 연다: 탭마다 앱 하나 (dnn-tutor[web] 필요)",
    "show this help message and exit": "이 도움말을 보여 주고 끝낸다",
    "show program's version number and exit": "프로그램 버전을 보여 주고 끝낸다",
    "train a network headless and print the cost, like the course":
        "화면 없이 신경망을 훈련하고 강의처럼 비용을 출력한다",
    "write the run as a self-contained NumPy script that prints what train prints":
        "훈련을 train과 같은 것을 출력하는 독립 NumPy 스크립트로 쓴다",
    "open the playground: every train option as a knob, the network drawn, A/B runs, export":
        "놀이터를 연다: train의 모든 옵션을 노브로, 신경망 그림, A/B 훈련, 내보내기",
    "Lessons (open one with: dnn-tutor --lesson ID [--step N])":
        "레슨 (열기: dnn-tutor --lesson ID [--step N])",
    "{title} ({steps} steps, {checkpoints} checkpoints)": "{title} (단계 {steps}개, 확인 문제 {checkpoints}개)",
    "claims {claims}": "주장 {claims}",
    "seen {seen}/{steps} steps, passed {passed}/{checkpoints} checkpoints":
        "본 단계 {seen}/{steps}, 통과한 확인 문제 {passed}/{checkpoints}",

    # -- writing a lesson (dnn-tutor lesson, --lessons) -----------------------------------------
    "write a working one-step lesson into DIR": "DIR에 바로 쓸 수 있는 한 단계짜리 레슨을 만든다",
    "check lessons and print every problem as file:line (exit 2 when there is one)":
        "레슨을 검사하고 문제마다 파일:줄로 알려 준다 (문제가 있으면 종료 코드 2)",
    "A lesson is a folder: lesson.toml and a Markdown text a step. See the README, 'Write a lesson'.":
        "레슨은 폴더다: lesson.toml과 단계마다 Markdown 글 하나. README의 'Write a lesson'을 보라.",
    "a lesson folder, or a folder of lessons": "레슨 폴더, 또는 레슨 폴더들을 담은 폴더",
    "write or check a lesson of your own": "직접 만든 레슨을 쓰거나 검사한다",
    "measure every claim of the course on its lesson's run over many seeds": "과정의 모든 주장을 그 레슨의 실행으로 여러 시드에 걸쳐 측정한다",
    "a new folder for the lesson": "레슨을 담을 새 폴더",
    "list the kinds, views, knobs, facts and graders a lesson may name":
        "레슨이 쓸 수 있는 실험 종류, 그림, 노브, 사실, 채점기를 나열한다",
    "add the lessons in DIR (a lesson folder, or a folder of them) after the built-in ones; repeatable":
        "DIR의 레슨(레슨 폴더, 또는 레슨 폴더들을 담은 폴더)을 기본 레슨 뒤에 더한다; 여러 번 쓸 수 있다",
    # -- the served page (tui/serve_server.py) --
    "The class is full (seats: {n}). Try again in a minute.":
        "수업이 가득 찼습니다 (자리: {n}). 잠시 후 다시 시도하세요.",
    "Try again": "다시 시도",
    "Start": "시작",
    "This tab's tutor has ended.": "이 탭의 튜터가 끝났습니다.",
    "Start again": "다시 시작",
    "both classes": "두 클래스 모두",
    "(… {n} lines above)": "(… 위에 {n}줄)",
    "numbers (…) from a run: {steps} steps so far":
        "숫자(…)는 실행에서: 지금까지 {steps} 스텝",
    "loading the lessons…": "레슨을 불러오는 중…",
    # activations 7: what sigmoid at 4α says about the slope at z = 0
    "This start does not separate the causes: tanh was not faster at the same α.":
        "이 시작점으로는 원인을 가를 수 없다: 같은 α에서 tanh가 더 빠르지 않았다.",
    "4α is too large a step for sigmoid here (it ends above sigmoid at α): this start does "
    "not separate the causes.":
        "여기서 4α는 sigmoid에게 너무 큰 스텝이다(α일 때보다 비용이 높게 끝난다): 이 시작점으로는 "
        "원인을 가를 수 없다.",
    "4α caught up with tanh: on the way to {threshold}, the slope at 0 was the whole gap.":
        "4α가 tanh를 따라잡았다: {threshold}까지 가는 동안 0에서의 기울기가 차이의 전부였다.",
    "4α removed {share} of the lag to {threshold}: the slope at 0 was most of it; the rest "
    "has other causes, zero-centring among them.":
        "4α가 {threshold}까지의 뒤처짐 중 {share}를 없앴다: 그 대부분은 0에서의 기울기였고, "
        "나머지는 다른 원인이며 0 중심도 그중 하나다.",
    "4α removed only {share} of the lag to {threshold}: here the slope at 0 was the lesser "
    "cause.":
        "4α가 {threshold}까지의 뒤처짐 중 {share}만 없앴다: 여기서는 0에서의 기울기가 작은 "
        "원인이었다.",
    # activations 8: two accuracies compared
    "a tie (within {n} points)": "무승부 ({n}%p 이내)",
    "{name} ahead by {points:.0f} points": "{name}(이)가 {points:.0f}%p 앞섬",
    # activations 11: which run got below the threshold first
    "never in {n} steps": "{n} 스텝 동안 한 번도 없음",
    "from iteration {at}": "반복 {at}부터",
    "{label} (α {rate:g}): below {threshold:g} {when}; cost {cost:.3f} at {n}.":
        "{label} (α {rate:g}): 비용 {threshold:g} 미만은 {when}; 반복 {n}에서 비용 {cost:.3f}.",
    # why-nonlinear 1: what the folded unit draws
    "Here W is nearly 0: for these data the lowest cost one linear unit reaches is p ≈ {p} "
    "everywhere, so the map is flat with no boundary at all, however long it trains.":
        "여기서 W는 거의 0이다: 이 데이터에서 선형 뉴런 하나가 닿는 가장 낮은 비용은 어디서나 "
        "p ≈ {p}이므로, 아무리 오래 훈련해도 결정 경계 그림은 평평하고 경계가 전혀 없다.",
    "So the boundary stays a straight line however long it trains.":
        "그래서 아무리 오래 훈련해도 경계는 직선이다.",
    # -- initialization 5: logistic regression against always answering the larger class ---
    "below": "못 미친다",
    "above": "앞선다",
    "equal to": "맞먹는다",
    "one class": "한 클래스",
    "min": "최소",
    "max": "최대",
    "the larger class": "더 많은 클래스",
}

# -- issue 20: every string a Korean learner reads -------------------------------------------------
# Terms as lessons/glossary.toml gives them (a test checks this catalog against it).
KO.update({
    # a knob's values and a run's names: datasets, activations, "default" …
    "flower": "꽃",
    "circles": "동심원",
    "moons": "반달",
    "xor": "XOR",
    "gaussian": "가우스",
    "spiral": "나선",
    "curve": "곡선",
    "linear": "선형",
    "default": "기본값",
    "none": "없음",
    "all": "모두",
    "on": "켬",
    "off": "끔",
    "g'(Z) dropped": "g'(Z) 뺌",
    "as derived": "유도한 대로",
    # run labels of the lessons (lesson.toml)
    "linear output": "선형 출력",
    "tanh output": "tanh 출력",
    "no hidden": "은닉층 없음",
    "4 tanh": "tanh 4개",
    "16,16 tanh": "tanh 16,16",
    "1 unit": "뉴런 1개",
    "2 units": "뉴런 2개",
    "3 units": "뉴런 3개",
    "4 units": "뉴런 4개",
    "5 units": "뉴런 5개",
    "20 units": "뉴런 20개",
    "50 units": "뉴런 50개",
    "He init": "He 초기화",
    "zero init": "0 초기화",
    "random init": "무작위 초기화",
    "zeros": "0",
    "logistic regression": "로지스틱 회귀",
    "4 tanh units": "tanh 뉴런 4개",
    "3 linear layers": "선형 층 3개",
    " on {features}": " (특성 {features})",
    "{run} train": "{run} 훈련",
    "{run} test": "{run} 테스트",
    # why-nonlinear: a stack of linear layers folded into one
    "One layer: a[1] = W1 x + b1": "층 하나: a[1] = W1 x + b1",
    "a[{k}] = W{k} a[{j}] + b{k}, and a[{j}] = W' x + b':":
        "a[{k}] = W{k} a[{j}] + b{k}, 그리고 a[{j}] = W' x + b':",
    "on x = {x}:": "x = {x}에서:",
    "  layer by layer a[{k}] = {a}": "  한 층씩 a[{k}] = {a}",
    "  folded W x + b  = {a}": "  합친 W x + b  = {a}",
    "  largest difference {gap}": "  가장 큰 차이 {gap}",
    "{names} = {W}   bias {b}": "{names} = {W}   편향 {b}",
    "one unit σ(W x + b) vs the {run} net:": "뉴런 하나 σ(W x + b)와 {run} 신경망:",
    "largest difference {gap} over {m} examples": "샘플 {m}개에서 가장 큰 차이 {gap}",
    "{run}: {accuracy}, cost {cost}": "{run}: {accuracy}, 비용 {cost}",
    "{names} = {W}: one line.": "{names} = {W}: 직선 하나.",
    # derivatives
    "{label}' (analytic)": "{label}' (해석적)",
    "finite difference": "유한 차분",
    "{label}'(z), two ways": "{label}'(z), 두 가지 방법",
    "(g(z + h) - g(z - h)) / 2h with h = {h}": "(g(z + h) - g(z - h)) / 2h, h = {h}",
    "largest gap to g'(z) away from 0: {gap}": "0에서 떨어진 곳의 g'(z)와 가장 큰 차이: {gap}",
    "at z = 0 the difference gives {value}, the convention says {slope}:":
        "z = 0에서 차분은 {value}, 관례는 {slope}:",
    "the kink has no slope; one is chosen": "꺾인 점에는 기울기가 없다; 하나를 정해 쓴다",
    "{n} of {total}": "{n}/{total}",
    # backprop: shapes, the unit's graph, the gradient check, vanishing gradients
    "yes": "예",
    "NO": "아니오",
    "d· as its array": "d·가 배열과 같은 모양",
    "n = [{dims}], m = {m} examples": "n = [{dims}], 샘플 m = {m}개",
    "given": "주어짐",
    "backward": "역전파",
    "ok": "맞음",
    "WRONG": "틀림",
    "backprop agrees": "역전파가 맞다",
    "backprop is wrong": "역전파가 틀렸다",
    "layer": "층",
    "difference": "차이",
    "all: {difference} → {verdict} (threshold 1e-7)": "전체: {difference} → {verdict} (기준 1e-7)",
    "{activation}, {init} init: layer 1 (input) → output":
        "{activation}, {init} 초기화: 층 1 (입력) → 출력",
    "the engine's dW2 is {dW2}, as W2 {W2}: n[2] rows, n[1] columns.":
        "엔진의 dW2는 {dW2}(으)로, W2 {W2}(과)와 모양이 같다: 행 n[2]개, 열 n[1]개.",
    "dZ2 is {dZ2}, one column an example: dW2 = dZ2 A1ᵀ / m sums them.":
        "dZ2는 {dZ2}, 샘플마다 열 하나: dW2 = dZ2 A1ᵀ / m이 이를 합한다.",
    "‖dW{L}‖ {last}, ‖dW1‖ {first}: {ratio} times smaller.":
        "‖dW{L}‖ {last}, ‖dW1‖ {first}: {ratio}배 작다.",
    "By layer: {norms}.": "층별: {norms}.",
    # initialization
    "starting cost J = {cost}   (log 2 = 0.693)": "시작 비용 J = {cost}   (log 2 = 0.693)",
    "mean g'(z) by layer: {values}": "층별 g'(z) 평균: {values}",
    "saturated by layer:  {values}": "층별 포화 비율:  {values}",
    "Var(z) by layer:": "층별 Var(z):",
    "n Var(w) mean(a²):": "n Var(w) 평균(a²):",
    "largest |W1| {W1} (it started at 0); units' spread {spread}.":
        "가장 큰 |W1| {W1} (0에서 시작); 뉴런 간 퍼짐 {spread}.",
    "cost {start} → {end} at {total}.": "비용 {start} → {end} (반복 {total}).",
    "{s}: diverged": "{s}: 발산",
    "{s}: cost {start} → {end}": "{s}: 비용 {start} → {end}",
    "{line}, below {threshold}": "{line}, {threshold} 미만",
    "{line}: still log 2, nothing learned": "{line}: 여전히 log 2, 아무것도 배우지 못함",
    "{line}: not below {threshold}": "{line}: {threshold} 미만이 아님",
    # graders of any comparison; boundaries
    "{run}: cost {cost}, {accuracy}": "{run}: 비용 {cost}, {accuracy}",
    "{rate}: diverged, the cost overflowed after {updates}":
        "{rate}: 발산, {updates} 만에 비용이 넘쳤다",
    "{rate}: cost {start} → {end}, no divergence (e: a larger α)":
        "{rate}: 비용 {start} → {end}, 발산 없음 (e: 더 큰 α)",
    "diverged: no boundary at all (a smaller α: E)": "발산: 경계가 아예 없다 (더 작은 α: E)",
    "{layers} (at most {most})": "{layers} (최대 {most}개)",
    "{units} a layer (at most {most})": "층마다 {units} (최대 {most}개)",
    "test {accuracy} with {network}": "{network}: 테스트 {accuracy}",
    "{line}, but it does not count: {why}": "{line}, 하지만 인정되지 않는다: {why}",
    "{line}: at least {goal}": "{line}, {goal} 이상",
    "{line}: below {goal}": "{line}, {goal} 미만",
    "{train} (test {test})": "{train} (테스트 {test})",
    "MSE: linear {linear}, tanh {tanh} ({ratio}×).": "MSE: 선형 {linear}, tanh {tanh} ({ratio}배).",
    "tanh's ŷ stay in [{low}, {high}]; the y reach {y_low} … {y_high}.":
        "tanh의 ŷ는 [{low}, {high}] 안에 머물고, y는 {y_low} … {y_high}에 이른다.",
})

# -- issue 20: what the derive step says about a typed answer (lessons/expressions.py) ------------
KO.update({
    "'{name}' is not allowed: type a formula, e.g. a*(1-a)":
        "'{name}'(은)는 쓸 수 없다: 식을 쓰자, 예: a*(1-a)",
    "missing operator before '{token}' (column {column}): write * for a product, e.g. 2*a":
        "'{token}' 앞에 연산자가 없다 ({column}번째 칸): 곱은 *로 쓰자, 예: 2*a",
    "a power": "거듭제곱",
    "'{snippet}' right after {shown} is ambiguous (column {column}): write * and parentheses, "
    "e.g. 1/(2*a) or e^(2*z)":
        "{shown} 바로 뒤의 '{snippet}'(은)는 뜻이 모호하다 ({column}번째 칸): *와 괄호를 쓰자, "
        "예: 1/(2*a) 또는 e^(2*z)",
    "quotes are not allowed: type only the formula, e.g. a*(1-a)":
        "따옴표는 쓸 수 없다: 식만 쓰자, 예: a*(1-a)",
    "';' is not allowed (column {column}): type a single formula":
        "';'는 쓸 수 없다 ({column}번째 칸): 식 하나만 쓰자",
    "'=' is not allowed: type only the right-hand side, e.g. a*(1-a)":
        "'='는 쓸 수 없다: 우변만 쓰자, 예: a*(1-a)",
    "unbalanced parentheses: {msg} (column {column})": "괄호의 짝이 맞지 않는다 ({column}번째 칸): {msg}",
    "unbalanced parentheses: {msg}": "괄호의 짝이 맞지 않는다: {msg}",
    "incomplete formula: something is missing at the end": "식이 끝나지 않았다: 끝에 무언가 빠졌다",
    "{msg} at column {column}: use numbers, names, + - * / ^ and ( )":
        "{column}번째 칸의 문자는 쓸 수 없다({msg}): 숫자, 이름, + - * / ^ 와 ( )를 쓰자",
    "cannot read the formula at column {column}: {msg}": "{column}번째 칸에서 식을 읽을 수 없다: {msg}",
    "{shown} is not allowed": "{shown}(은)는 쓸 수 없다",
    "empty parentheses ( ): put a formula inside": "빈 괄호 ( ): 안에 식을 넣자",
    "'{kind}' is not allowed in a formula": "식에는 '{kind}'(을)를 쓸 수 없다",
    "'{value}' is not allowed": "'{value}'(은)는 쓸 수 없다",
    "complex numbers are not allowed": "복소수는 쓸 수 없다",
    "number too large: keep numbers below 1e308": "수가 너무 크다: 1e308보다 작게 쓰자",
    "'{name}' is a function: write {name}(…)": "'{name}'(은)는 함수다: {name}(…)처럼 쓰자",
    "write {product} for a product": "곱은 {product}(으)로 쓰자",
    "unknown name '{name}': {hint}": "모르는 이름 '{name}': {hint}",
    "'{shown}' is not allowed{extra}": "'{shown}'(은)는 쓸 수 없다{extra}",
    "exponent {n} is out of range: keep constant powers within ±{most}":
        "지수 {n}(은)는 범위를 벗어났다: 상수 지수는 ±{most} 안으로 쓰자",
    "unknown function '{name}': use {functions}": "모르는 함수 '{name}': {functions} 중에서 쓰자",
    "'{name}=' is not allowed: a function takes one plain argument":
        "'{name}='(은)는 쓸 수 없다: 함수는 인수 하나만 받는다",
    "'*' unpacking is not allowed": "'*' 풀어 쓰기는 쓸 수 없다",
    "{name} takes one argument, not {n}": "{name}(은)는 인수를 하나만 받는다 ({n}개가 아니라)",
    "empty or several arguments after {shown}: write * for a product, e.g. a*(1-a)":
        "{shown} 뒤의 인수가 없거나 여럿이다: 곱은 *로 쓰자, 예: a*(1-a)",
    "the answer must be text": "답은 글자여야 한다",
    "empty answer: type a formula, e.g. a*(1-a)": "빈 답: 식을 쓰자, 예: a*(1-a)",
    "answer too long: {n} characters, at most {most}": "답이 너무 길다: {n}자, 최대 {most}자",
    "type the formula on one line": "식은 한 줄로 쓰자",
    "formula too deeply nested": "식이 너무 깊게 중첩되었다",
    "this formula takes no variables": "이 식에는 변수가 없다",
    "use {name} (and {rest})": "{name}(을)를 쓰자 ({rest}도 된다)",
    "use {name}": "{name}(을)를 쓰자",
    "right: your formula matches {formula} at all {n} points checked":
        "정답: 확인한 {n}개 점 모두에서 식이 {formula}(과)와 같다",
    "attribute access ('.') is not allowed": "속성 접근('.')은 쓸 수 없다",
    "brackets [ ] are not allowed: use ( ) to group": "대괄호 [ ]는 쓸 수 없다: 묶을 때는 ( )를 쓰자",
    "commas are not allowed: type a single formula": "쉼표는 쓸 수 없다: 식 하나만 쓰자",
    "braces { } are not allowed: use ( ) to group": "중괄호 { }는 쓸 수 없다: 묶을 때는 ( )를 쓰자",
    "'lambda' is not allowed": "'lambda'는 쓸 수 없다",
    "'if … else' is not allowed": "'if … else'는 쓸 수 없다",
    "comparisons (<, ==, …) are not allowed": "비교(<, ==, …)는 쓸 수 없다",
    "'and'/'or' are not allowed": "'and'/'or'는 쓸 수 없다",
    "comprehensions are not allowed": "컴프리헨션은 쓸 수 없다",
    "':=' is not allowed": "':='는 쓸 수 없다",
    ": use /": ": /를 쓰자",
    # Python's own words for a formula it cannot read (the common ones)
    "'(' was never closed": "'('가 닫히지 않았다",
    "unmatched ')'": "')'의 짝이 없다",
    "invalid syntax": "문법에 맞지 않는다",
    # more of the screens around the lessons
    "small": "작게",
    "large": "크게",
    "xavier": "Xavier",
    "he": "He",
    "constant": "상수",
    "full": "전체",
    "unit {j} of layer {l} · {g}": "층 {l}의 뉴런 {j} · {g}",
    "Search for commands…": "명령 찾기…",
    # Textual's own commands in the palette
    "Bell": "벨", "Ring the bell": "벨을 울린다",
    "Theme": "테마", "Change the current theme": "지금 테마를 바꾼다",
    "Quit": "종료", "Quit the application as soon as possible": "앱을 바로 끝낸다",
    "Hide the keys and widget help panel": "키와 위젯 도움말 패널을 숨긴다",
    "Show help for the focused widget and a summary of available keys":
        "포커스된 위젯의 도움말과 쓸 수 있는 키를 보여 준다",
    "Minimize": "원래 크기로", "Minimize the widget and restore to normal size":
        "위젯을 원래 크기로 되돌린다",
    "Maximize": "최대화", "Maximize the focused widget": "포커스된 위젯을 최대화한다",
    "Screenshot": "스크린숏", "Save an SVG 'screenshot' of the current screen":
        "지금 화면을 SVG 스크린숏으로 저장한다",
})

# -- dnn-tutor train --help (commands/run.py, commands/train.py) --------------------------------
KO.update({
    "one of: {names} (default: flower)": "다음 중 하나: {names} (기본: flower)",
    "your own data instead of a dataset: a CSV file of x1,x2,label rows (label 0 or 1) or of "
    "x,y rows (a regression), a header row optional; --dataset, --samples, --noise, --seed and "
    "a test set then do not apply":
        "데이터셋 대신 내 데이터: x1,x2,label 행(label은 0 또는 1)이나 x,y 행(회귀)으로 된 "
        "CSV 파일, 머리 행은 있어도 없어도 된다; 이때 --dataset, --samples, --noise, --seed와 "
        "테스트 세트는 쓰이지 않는다",
    "with --data: each feature shifted and scaled to mean 0 and standard deviation 1":
        "--data와 함께: 특성마다 평균 0, 표준편차 1이 되도록 옮기고 늘이거나 줄인다",
    "training examples, 1..{most} (default: the dataset's)":
        "훈련 샘플 수, 1..{most} (기본: 데이터셋의 값)",
    "noise level (default: the dataset's), at most: {limits}":
        "잡음 크기 (기본: 데이터셋의 값), 최대: {limits}",
    "seed of the training set (default: the dataset's, flower 1)":
        "훈련 세트의 시드 (기본: 데이터셋의 값, flower는 1)",
    "test examples, 0..{most} (default: 0, no test set)":
        "테스트 샘플 수, 0..{most} (기본: 0, 테스트 세트 없음)",
    "seed of the test set (default: training seed + 1, so then --seed is at most 2**32-2)":
        "테스트 세트의 시드 (기본: 훈련 시드 + 1, 그래서 이때 --seed는 최대 2**32-2)",
    "model": "모델",
    "At most {weights} weights, and for the larger set (training or test) at most "
    "{activations} examples x hidden units and {work} examples x weights: a full-batch step "
    "then takes up to ~0.6s and ~300 MB on a 2-core laptop.":
        "가중치는 최대 {weights}개, 더 큰 세트(훈련 또는 테스트)에서 샘플 수 x 은닉 뉴런 수는 "
        "최대 {activations}, 샘플 수 x 가중치 수는 최대 {work}: 이때 전체 배치 한 스텝은 "
        "2코어 노트북에서 최대 ~0.6초, ~300 MB가 든다.",
    "hidden layer sizes, comma-separated, e.g. 20,20; '' for none (logistic regression); up "
    "to {layers} layers of up to {units} units (default: 4)":
        "은닉층 크기, 쉼표로 구분, 예: 20,20; 없으면 '' (로지스틱 회귀); 층은 최대 {layers}개, "
        "층마다 뉴런 최대 {units}개 (기본: 4)",
    "the network's inputs, comma-separated, from: {names} (as TensorFlow Playground's), "
    "computed from each point (x1, x2); e.g. x1^2,x2^2 (default: x1,x2, the point itself)":
        "신경망의 입력, 쉼표로 구분, 다음 중에서: {names} (TensorFlow Playground처럼), 각 "
        "점 (x1, x2)에서 계산한다; 예: x1^2,x2^2 (기본: x1,x2, 점 그대로)",
    "hidden activation, one of: {names}; one name for every hidden layer, or one per hidden "
    "layer, comma-separated, e.g. relu,tanh for --layers 8,4 (default: tanh)":
        "은닉층 활성화 함수, 다음 중 하나: {names}; 모든 은닉층에 이름 하나, 또는 은닉층마다 "
        "하나씩 쉼표로 구분, 예: --layers 8,4에 relu,tanh (기본: tanh)",
    "leaky_relu's slope for z < 0: g(z) = max(F z, z) (default: 0.01)":
        "z < 0에서 leaky_relu의 기울기: g(z) = max(F z, z) (기본: 0.01)",
    "output activation: sigmoid (cross-entropy cost) or linear (mean squared error) "
    "(default: sigmoid; linear for 'curve' and for a --data file of x,y rows)":
        "출력 활성화 함수: sigmoid (교차 엔트로피 비용) 또는 linear (평균 제곱 오차) "
        "(기본: sigmoid; 'curve'와 x,y 행으로 된 --data 파일에는 linear)",
    "zeros; small = randn*0.01; large = randn*10; xavier = randn*sqrt(1/n[l-1]); he = "
    "randn*sqrt(2/n[l-1]); constant = every weight {constant} (default: small)":
        "zeros; small = randn*0.01; large = randn*10; xavier = randn*sqrt(1/n[l-1]); he = "
        "randn*sqrt(2/n[l-1]); constant = 모든 가중치 {constant} (기본: small)",
    "the factor of small/large instead of {small}/{large}, or the weight of constant instead "
    "of {constant}; at most {most}":
        "small/large의 배수 ({small}/{large} 대신), 또는 constant의 가중치 ({constant} "
        "대신); 최대 {most}",
    "seed of the initial weights (default: 2, the course's)":
        "초기 가중치의 시드 (기본: 2, 강의의 값)",
    "learning rate (default: 1.2)": "학습률 (기본: 1.2)",
    "gradient-descent steps, 1..{most} (default: 10000)":
        "경사 하강법 스텝 수, 1..{most} (기본: 10000)",
    "print the cost every N iterations, 1..{most} (default: 1000)":
        "N번 반복마다 비용을 출력한다, 1..{most} (기본: 1000)",
    "L2 regularisation strength (default: 0)": "L2 정규화 세기 (기본: 0)",
    "mini-batch size, 1..{most}; the training set's size or more is the full batch (default: "
    "the full batch)":
        "미니배치 크기, 1..{most}; 훈련 세트 크기 이상이면 전체 배치 (기본: 전체 배치)",
    "Train a network headless and print 'Cost after iteration N' like the course, then the "
    "accuracy (the MSE for a linear output, as for the regression set 'curve'). With no "
    "options: the course's planar 'flower' data, 4 tanh hidden units, randn*0.01 with seed 2, "
    "lr 1.2, 10000 iterations. A run that diverges is reported and exits 0.":
        "화면 없이 신경망을 훈련하고 강의처럼 'Cost after iteration N'을 출력한 다음 정확도를 "
        "출력한다 (출력 뉴런이 선형(--output linear)이면 정확도 대신 MSE: 회귀 세트 'curve'처럼). "
        "옵션이 없으면: 강의의 평면 "
        "'flower' 데이터, tanh 은닉 뉴런 4개, 시드 2의 randn*0.01, 학습률 1.2, 10000회 반복. "
        "발산한 훈련은 그렇다고 알리고 0으로 끝난다.",
    "examples:": "예:",
    "the course's planar data model": "강의의 평면 데이터 모델",
    "the Initialization assignment": "강의의 초기화 과제",
    "your data": "내 데이터",
    "a frozen network": "얼어붙은 신경망",
    "print one JSON object a line instead of text": "글 대신 한 줄에 JSON 객체 하나씩 출력한다",
    "under each cost: per layer, the units' spread, the share saturated, the dead ReLU units "
    "and ||dW||, measured at that iteration":
        "비용 줄마다 그 아래에: 층별 뉴런 간 퍼짐, 포화 비율, 죽은 ReLU 뉴런 수, ||dW||를 그 "
        "반복에서 측정해 보여 준다",
})

# The course's terms shown by themselves (a column, a knob): their Korean is the glossary's.
KO.update(catalog_entries())

# -- dnn-tutor lesson translated ---------------------------------------------------------------
KO.update({
    "record that a lesson's translated texts say what its English texts say now (lesson check "
    "then reports each one the English changes after)":
        "레슨의 번역 텍스트가 지금의 영어 텍스트와 같은 말을 한다고 기록한다 (이후 영어가 바뀐 "
        "텍스트는 lesson check가 알린다)",
    "a lesson folder": "레슨 폴더",
    "step texts, e.g. 01-intro.md (default: all)": "단계 텍스트, 예: 01-intro.md (기본: 전부)",
    "the translation's language": "번역의 언어",
})
