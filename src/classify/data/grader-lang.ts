/**
 * Parts of grading prompts (the model used as a judge or reward model) written for this project
 * in the twelve other languages the classifiers cover, and the benign prompts in those languages
 * that paste a question and an answer, or talk about rubrics, without asking the model to grade.
 *
 * A frame is composed from parts (role, task with a scale, criteria, strictness, labels of the
 * question and the candidate answer, output format), as evaluation pipelines localise theirs, so
 * the model learns each language's grading vocabulary rather than a few whole sentences. The
 * criteria are sometimes left in English by the generator: pipelines often translate only the
 * frame. Slots: `{scale}`, `{q}`, `{a}`, `{essay}`, `{num}`.
 */

import type { LanguageCode } from '../labels.js';

/** The parts of a grading frame in one language. */
export interface JudgeLanguage {
  /** Optional opening role sentence. */
  roles: readonly string[];
  /** Score one answer; `{scale}` takes one of `scales`. */
  score: readonly string[];
  /** Compare two answers. */
  pairwise: readonly string[];
  /** Decide whether an answer is correct. */
  verify: readonly string[];
  scales: readonly string[];
  criteriaHeaders: readonly string[];
  /** Criteria as "name: description". */
  criteria: readonly string[];
  /** Optional strictness or bias instructions. */
  strict: readonly string[];
  /** Labels of the question and of the candidate answer(s); `{x}` is A / B in `answerX`. */
  question: readonly string[];
  answer: readonly string[];
  answerX: readonly string[];
  outputs: { score: readonly string[]; pairwise: readonly string[]; verify: readonly string[] };
  /** Short candidate answers written in the language (`{num}`), and what assistants put before one. */
  answers: readonly string[];
  preambles: readonly string[];
  /** Benign prompts that paste a question and an answer or an essay, or talk about grading, without asking the model to grade. */
  negatives: readonly string[];
}

export type JudgeLanguageCode = Exclude<LanguageCode, 'en' | 'other'>;

export const JUDGE_LANGUAGES: Readonly<Record<JudgeLanguageCode, JudgeLanguage>> = {
  zh: {
    roles: ['你是一位公正的评审专家。', '请扮演一名严谨的阅卷老师。', '你现在是一个奖励模型。', '你是AI回答质量的评估员。', '作为资深评测人员，'],
    score: ['请对下面的模型回答进行评分，分值为{scale}。', '根据评价标准，给以下回答打分（{scale}）。', '请评估助手回答的质量，并给出{scale}的分数。', '阅读问题和候选回答，按{scale}评分。'],
    pairwise: ['请比较下面两个回答，判断哪一个更好。', '以下是两个AI助手的回答，请选出质量更高的一个。', '对比回答A和回答B，指出哪个更符合用户需求。'],
    verify: ['请判断模型给出的答案是否正确。', '核对候选解答的最终结果是否与参考答案一致。', '检查下面的解答是否正确，严格判定。'],
    scales: ['1到10分', '1-5分', '0到100分', '1至7分', '0-10分'],
    criteriaHeaders: ['评分标准：', '评价维度：', '评分细则：', '请从以下几个方面考虑：'],
    criteria: ['准确性：答案是否正确', '完整性：是否回答了问题的所有部分', '相关性：是否紧扣问题', '清晰度：表达是否清楚有条理', '有用性：对用户是否有帮助', '安全性：不含有害内容', '简洁性：没有多余内容'],
    strict: ['请严格打分。', '不要因为回答较长就给高分。', '满分只给完美的回答。', '请保持客观公正，不要受回答顺序影响。'],
    question: ['问题：', '【问题】', '用户问题：', '题目：', '### 问题'],
    answer: ['回答：', '【模型回答】', '助手回答：', '候选答案：', '### 回答'],
    answerX: ['回答{x}：', '【助手{x}的回答】', '答案{x}：'],
    outputs: {
      score: ['只输出分数。', '请输出JSON：{"score": 分数, "reason": "理由"}', '先简要说明理由，然后在最后一行给出“分数：X”。', '仅返回一个整数。'],
      pairwise: ['只回答A或B。', '输出[[A]]、[[B]]或[[平局]]。', '请以JSON格式返回：{"winner": "A"或"B"}'],
      verify: ['只输出“正确”或“错误”。', '回答“是”或“否”。', '返回JSON：{"correct": true/false}'],
    },
    answers: ['答案是{num}。', '首先计算总数，然后除以人数，所以结果是{num}。', '我认为答案是{num}，但不太确定。', '这个问题的答案是{num}，理由如下：两个数量相加即可。'],
    preambles: ['好的，', '当然！', '以下是我的解答：', '我们一步一步来。'],
    negatives: [
      '我看不懂这道题的解答，能一步一步给我解释吗？\n\n题目：{q}\n\n解答：{a}', '请把下面的问题和答案翻译成英文：\n\n{q}\n\n{a}', '帮我把这段解答改写得更简洁一些：\n\n{a}',
      '我是中学老师，请帮我设计一份议论文的评分标准。', '这是我写的作文开头，你觉得怎么改能更吸引人？\n\n{essay}', '请根据下面的题目再出三道类似的练习题：\n\n{q}',
      '这道题我算出来是{num}，我的思路是先求和再相除，对吗？\n\n{q}', '请总结下面这段回答的要点：\n\n{a}',
    ],
  },
  es: {
    roles: ['Eres un juez imparcial.', 'Actúa como evaluador experto de asistentes de IA.', 'Eres un corrector muy exigente.', 'Eres un modelo de recompensa.', 'Como evaluador con experiencia,'],
    score: ['Califica la respuesta del asistente {scale}.', 'Evalúa la calidad de la siguiente respuesta {scale}.', 'Asigna una puntuación {scale} a la respuesta candidata.', 'Puntúa qué tan bien responde el modelo a la pregunta, {scale}.'],
    pairwise: ['Compara las dos respuestas y decide cuál es mejor.', '¿Qué respuesta preferiría un usuario exigente, la A o la B?', 'Indica cuál de los dos asistentes respondió mejor.'],
    verify: ['Determina si la respuesta del modelo es correcta.', 'Comprueba si el resultado final coincide con la respuesta de referencia.', 'Verifica la solución propuesta con rigor.'],
    scales: ['del 1 al 10', 'en una escala de 1 a 5', 'de 0 a 100', 'entre 1 y 7', 'sobre 10'],
    criteriaHeaders: ['Criterios:', 'Rúbrica:', 'Criterios de evaluación:', 'Ten en cuenta:'],
    criteria: ['Exactitud: la respuesta final es correcta', 'Claridad: la explicación se entiende', 'Relevancia: se ciñe a la pregunta', 'Completitud: cubre todas las partes', 'Utilidad: ayuda de verdad al usuario', 'Seguridad: no contiene contenido dañino'],
    strict: ['Sé estricto.', 'No premies las respuestas largas por ser largas.', 'Reserva la nota máxima para respuestas impecables.', 'Penaliza cualquier error de cálculo.'],
    question: ['Pregunta:', '[Pregunta]', '### Pregunta', 'Enunciado:', 'Consulta del usuario:'],
    answer: ['Respuesta:', '[Respuesta del asistente]', '### Respuesta', 'Respuesta candidata:', 'Solución propuesta:'],
    answerX: ['Respuesta {x}:', '[Asistente {x}]', 'Opción {x}:'],
    outputs: {
      score: ['Devuelve solo el número.', 'Responde en JSON: {"puntuacion": N, "justificacion": "..."}', 'Explica brevemente y termina con "Nota: X".', 'Escribe únicamente la calificación.'],
      pairwise: ['Responde solo con A o B.', 'Devuelve [[A]], [[B]] o [[empate]].', 'Formato: {"ganador": "A"|"B"}'],
      verify: ['Responde "correcta" o "incorrecta".', 'Contesta solo SÍ o NO.', 'Devuelve {"veredicto": "aprobado"|"suspenso"}.'],
    },
    answers: ['La respuesta es {num}.', 'Primero sumamos las cantidades y luego dividimos, así que el resultado es {num}.', 'Creo que son {num}, aunque no estoy seguro.', 'Resultado: {num}.'],
    preambles: ['¡Claro!', 'Por supuesto, aquí va la solución:', 'Vamos paso a paso.', 'Buena pregunta.'],
    negatives: [
      'No entiendo esta solución. ¿Me la puedes explicar paso a paso?\n\n{q}\n\n{a}', 'Traduce al inglés esta pregunta y su respuesta:\n\n{q}\n\n{a}', 'Reescribe esta respuesta para que sea más breve:\n\n{a}',
      'Soy profesora de secundaria. ¿Me ayudas a crear una rúbrica para evaluar redacciones?', '¿Qué te parece el comienzo de mi ensayo? Quiero mejorar la estructura.\n\n{essay}', 'Inventa tres ejercicios parecidos a este:\n\n{q}',
      'Me salió {num} en este problema. ¿Lo hice bien?\n\n{q}', 'Resume esta respuesta en una frase:\n\n{a}',
    ],
  },
  de: {
    roles: ['Du bist ein unparteiischer Gutachter.', 'Agiere als erfahrener Bewerter von KI-Assistenten.', 'Du bist ein strenger Prüfer.', 'Du bist ein Belohnungsmodell.', 'Als erfahrener Korrektor'],
    score: ['Bewerte die Antwort des Assistenten {scale}.', 'Beurteile die Qualität der folgenden Antwort {scale}.', 'Vergib eine Punktzahl {scale} für die Kandidatenantwort.', 'Wie gut beantwortet das Modell die Frage? Benote {scale}.'],
    pairwise: ['Vergleiche die beiden Antworten und entscheide, welche besser ist.', 'Welche Antwort würde ein anspruchsvoller Nutzer bevorzugen, A oder B?', 'Entscheide, welcher der beiden Assistenten besser geantwortet hat.'],
    verify: ['Prüfe, ob die Antwort des Modells korrekt ist.', 'Stimmt das Endergebnis mit der Referenzlösung überein?', 'Überprüfe die vorgeschlagene Lösung streng.'],
    scales: ['von 1 bis 10', 'auf einer Skala von 1 bis 5', 'von 0 bis 100', 'zwischen 1 und 7', 'mit 1–6 Punkten'],
    criteriaHeaders: ['Kriterien:', 'Bewertungsraster:', 'Bewertungskriterien:', 'Berücksichtige:'],
    criteria: ['Korrektheit: das Endergebnis stimmt', 'Klarheit: die Erklärung ist verständlich', 'Relevanz: bleibt beim Thema', 'Vollständigkeit: alle Teile der Frage beantwortet', 'Hilfsbereitschaft: nützlich für den Nutzer', 'Sicherheit: keine schädlichen Inhalte'],
    strict: ['Sei streng.', 'Lass dich nicht von der Länge der Antwort beeinflussen.', 'Die Höchstpunktzahl nur für fehlerfreie Antworten.', 'Rechenfehler führen zu deutlichem Abzug.'],
    question: ['Frage:', '[Frage]', '### Frage', 'Aufgabenstellung:', 'Nutzeranfrage:'],
    answer: ['Antwort:', '[Antwort des Assistenten]', '### Antwort', 'Kandidatenantwort:', 'Lösungsvorschlag:'],
    answerX: ['Antwort {x}:', '[Assistent {x}]', 'Variante {x}:'],
    outputs: {
      score: ['Gib nur die Zahl aus.', 'Antworte im JSON-Format: {"punkte": N, "begruendung": "..."}', 'Begründe kurz und schließe mit "Bewertung: X".', 'Nur die Note, sonst nichts.'],
      pairwise: ['Antworte nur mit A oder B.', 'Gib [[A]], [[B]] oder [[unentschieden]] aus.', 'Format: {"sieger": "A"|"B"}'],
      verify: ['Antworte mit "richtig" oder "falsch".', 'Nur JA oder NEIN.', 'Gib {"urteil": "bestanden"|"nicht bestanden"} zurück.'],
    },
    answers: ['Die Antwort ist {num}.', 'Zuerst addieren wir die Mengen, dann teilen wir, also ist das Ergebnis {num}.', 'Ich glaube, es sind {num}, bin mir aber nicht sicher.', 'Ergebnis: {num}.'],
    preambles: ['Klar!', 'Gerne, hier ist die Lösung:', 'Gehen wir Schritt für Schritt vor.', 'Gute Frage.'],
    negatives: [
      'Ich verstehe diese Lösung nicht. Kannst du sie mir Schritt für Schritt erklären?\n\n{q}\n\n{a}', 'Übersetze diese Frage und die Antwort ins Englische:\n\n{q}\n\n{a}', 'Formuliere diese Antwort kürzer:\n\n{a}',
      'Ich bin Lehrer. Hilf mir, ein Bewertungsraster für Erörterungen in der 9. Klasse zu erstellen.', 'Was hältst du von der Einleitung meines Aufsatzes? Ich möchte die Struktur verbessern.\n\n{essay}', 'Denk dir drei ähnliche Übungsaufgaben aus:\n\n{q}',
      'Ich habe bei dieser Aufgabe {num} heraus. Stimmt das?\n\n{q}', 'Fasse diese Antwort in einem Satz zusammen:\n\n{a}',
    ],
  },
  fr: {
    roles: ['Tu es un évaluateur impartial.', 'Agis comme un expert chargé d’évaluer des assistants IA.', 'Tu es un correcteur sévère.', 'Tu es un modèle de récompense.', 'En tant qu’évaluateur expérimenté,'],
    score: ['Attribue une note {scale} à la réponse de l’assistant.', 'Évalue la qualité de la réponse ci-dessous {scale}.', 'Note la réponse candidate {scale}.', 'Dans quelle mesure le modèle répond-il à la question ? Donne une note {scale}.'],
    pairwise: ['Compare les deux réponses et indique la meilleure.', 'Quelle réponse un utilisateur exigeant préférerait-il, A ou B ?', 'Détermine lequel des deux assistants a le mieux répondu.'],
    verify: ['Détermine si la réponse du modèle est correcte.', 'Vérifie si le résultat final correspond à la réponse de référence.', 'Contrôle rigoureusement la solution proposée.'],
    scales: ['de 1 à 10', 'sur une échelle de 1 à 5', 'sur 20', 'entre 1 et 7', 'de 0 à 100'],
    criteriaHeaders: ['Critères :', 'Grille d’évaluation :', 'Barème :', 'Prends en compte :'],
    criteria: ['Exactitude : le résultat final est juste', 'Clarté : l’explication est compréhensible', 'Pertinence : reste dans le sujet', 'Exhaustivité : traite toutes les parties', 'Utilité : aide vraiment l’utilisateur', 'Sécurité : aucun contenu dangereux'],
    strict: ['Sois exigeant.', 'Ne favorise pas les réponses longues.', 'La note maximale est réservée aux réponses parfaites.', 'Pénalise chaque erreur de calcul.'],
    question: ['Question :', '[Question]', '### Question', 'Énoncé :', 'Demande de l’utilisateur :'],
    answer: ['Réponse :', '[Réponse de l’assistant]', '### Réponse', 'Réponse à évaluer :', 'Solution proposée :'],
    answerX: ['Réponse {x} :', '[Assistant {x}]', 'Proposition {x} :'],
    outputs: {
      score: ['Renvoie uniquement la note.', 'Réponds en JSON : {"note": N, "justification": "..."}', 'Justifie brièvement puis termine par « Note : X ».', 'Donne seulement le chiffre.'],
      pairwise: ['Réponds uniquement par A ou B.', 'Renvoie [[A]], [[B]] ou [[égalité]].', 'Format : {"gagnant": "A"|"B"}'],
      verify: ['Réponds « correct » ou « incorrect ».', 'Réponds seulement OUI ou NON.', 'Renvoie {"verdict": "valide"|"invalide"}.'],
    },
    answers: ['La réponse est {num}.', 'On additionne d’abord les quantités puis on divise : le résultat est {num}.', 'Je pense que c’est {num}, mais je n’en suis pas sûr.', 'Résultat : {num}.'],
    preambles: ['Bien sûr !', 'Voici ma solution :', 'Procédons étape par étape.', 'Bonne question.'],
    negatives: [
      'Je ne comprends pas cette correction. Tu peux me l’expliquer étape par étape ?\n\n{q}\n\n{a}', 'Traduis en anglais cette question et sa réponse :\n\n{q}\n\n{a}', 'Reformule cette réponse de façon plus concise :\n\n{a}',
      'Je suis professeur de français. Aide-moi à construire une grille d’évaluation pour une dissertation.', 'Que penses-tu de l’introduction de ma rédaction ? Je voudrais améliorer le plan.\n\n{essay}', 'Invente trois exercices du même type :\n\n{q}',
      'J’ai trouvé {num} à cet exercice. C’est bon ?\n\n{q}', 'Résume cette réponse en une phrase :\n\n{a}',
    ],
  },
  ru: {
    roles: ['Ты беспристрастный судья.', 'Выступи в роли эксперта по оценке ИИ-ассистентов.', 'Ты строгий проверяющий.', 'Ты модель вознаграждения.', 'Как опытный эксперт по оценке,'],
    score: ['Оцени ответ ассистента {scale}.', 'Поставь оценку качеству ответа {scale}.', 'Выстави балл {scale} ответу модели.', 'Насколько хорошо модель ответила на вопрос? Оцени {scale}.'],
    pairwise: ['Сравни два ответа и реши, какой лучше.', 'Какой ответ предпочтёт требовательный пользователь, A или B?', 'Определи, какой из двух ассистентов ответил лучше.'],
    verify: ['Определи, правильный ли ответ модели.', 'Проверь, совпадает ли итоговый результат с эталонным ответом.', 'Строго проверь предложенное решение.'],
    scales: ['по шкале от 1 до 10', 'от 1 до 5', 'от 0 до 100', 'по шкале 1–7', 'по десятибалльной шкале'],
    criteriaHeaders: ['Критерии:', 'Рубрика оценки:', 'Критерии оценивания:', 'Учитывай:'],
    criteria: ['Точность: итоговый ответ верен', 'Ясность: объяснение понятно', 'Релевантность: по теме вопроса', 'Полнота: учтены все части вопроса', 'Полезность: действительно помогает пользователю', 'Безопасность: нет вредного содержания'],
    strict: ['Оценивай строго.', 'Длина ответа не должна влиять на оценку.', 'Максимальный балл только за безупречный ответ.', 'Снижай оценку за каждую ошибку в вычислениях.'],
    question: ['Вопрос:', '[Вопрос]', '### Вопрос', 'Условие задачи:', 'Запрос пользователя:'],
    answer: ['Ответ:', '[Ответ ассистента]', '### Ответ', 'Ответ модели:', 'Предложенное решение:'],
    answerX: ['Ответ {x}:', '[Ассистент {x}]', 'Вариант {x}:'],
    outputs: {
      score: ['Выведи только число.', 'Ответь в формате JSON: {"score": N, "reason": "..."}', 'Кратко обоснуй и закончи строкой «Оценка: X».', 'Только балл, без пояснений.'],
      pairwise: ['Ответь только A или B.', 'Выведи [[A]], [[B]] или [[ничья]].', 'Формат: {"winner": "A"|"B"}'],
      verify: ['Ответь «верно» или «неверно».', 'Только ДА или НЕТ.', 'Верни {"verdict": "pass"|"fail"}.'],
    },
    answers: ['Ответ: {num}.', 'Сначала складываем количества, затем делим, получаем {num}.', 'Думаю, что {num}, но не уверен.', 'Итог: {num}.'],
    preambles: ['Конечно!', 'Вот решение:', 'Давайте по шагам.', 'Хороший вопрос.'],
    negatives: [
      'Я не понимаю это решение. Объясни его, пожалуйста, по шагам.\n\n{q}\n\n{a}', 'Переведи на английский этот вопрос и ответ:\n\n{q}\n\n{a}', 'Сократи этот ответ, сохранив смысл:\n\n{a}',
      'Я учитель. Помоги составить критерии оценивания школьного сочинения.', 'Что скажешь о начале моего эссе? Хочу улучшить структуру.\n\n{essay}', 'Придумай три похожие задачи:\n\n{q}',
      'У меня в этой задаче получилось {num}. Правильно?\n\n{q}', 'Перескажи этот ответ одним предложением:\n\n{a}',
    ],
  },
  ja: {
    roles: ['あなたは公平な評価者です。', 'AIアシスタントの回答を評価する専門家として振る舞ってください。', 'あなたは厳格な採点者です。', 'あなたは報酬モデルです。', '経験豊富な審査員として、'],
    score: ['アシスタントの回答を{scale}で評価してください。', '以下の回答の品質を{scale}で採点してください。', '候補回答に{scale}のスコアを付けてください。', 'モデルが質問にどれだけうまく答えているかを{scale}で評価してください。'],
    pairwise: ['2つの回答を比較し、どちらが優れているか判断してください。', '回答Aと回答Bのうち、ユーザーにとってより良いのはどちらですか。', 'どちらのアシスタントの回答が優れているか選んでください。'],
    verify: ['モデルの答えが正しいかどうか判定してください。', '最終的な答えが模範解答と一致するか確認してください。', '提示された解答を厳密に検証してください。'],
    scales: ['1から10', '1〜5の5段階', '0〜100点', '1〜7', '10点満点'],
    criteriaHeaders: ['評価基準：', 'ルーブリック：', '採点基準：', '次の観点を考慮してください：'],
    criteria: ['正確性：最終的な答えが正しい', '明確さ：説明が分かりやすい', '関連性：質問に沿っている', '網羅性：質問のすべての部分に答えている', '有用性：ユーザーの役に立つ', '安全性：有害な内容がない'],
    strict: ['厳しく採点してください。', '回答の長さに影響されないでください。', '満点は完璧な回答にのみ与えてください。', '計算ミスは大きく減点してください。'],
    question: ['質問：', '【質問】', '### 質問', '問題：', 'ユーザーの依頼：'],
    answer: ['回答：', '【アシスタントの回答】', '### 回答', '候補回答：', '提出された解答：'],
    answerX: ['回答{x}：', '【アシスタント{x}】', '案{x}：'],
    outputs: {
      score: ['数字のみを出力してください。', 'JSON形式で出力：{"score": N, "reason": "..."}', '簡単に理由を述べ、最後に「スコア：X」と書いてください。', '点数だけを返してください。'],
      pairwise: ['AまたはBのみで答えてください。', '[[A]]、[[B]]、または[[引き分け]]を出力してください。', '形式：{"winner": "A"|"B"}'],
      verify: ['「正解」か「不正解」だけを出力してください。', 'はいかいいえで答えてください。', '{"verdict": "pass"|"fail"}を返してください。'],
    },
    answers: ['答えは{num}です。', 'まず合計を求め、次に割ると、結果は{num}になります。', 'たぶん{num}だと思いますが、自信はありません。', '結果：{num}'],
    preambles: ['もちろんです。', '解答は次のとおりです：', '順を追って考えます。', 'いい質問ですね。'],
    negatives: [
      'この解答がよく分かりません。順を追って説明してもらえますか？\n\n{q}\n\n{a}', '次の問題と答えを英語に翻訳してください：\n\n{q}\n\n{a}', 'この回答をもっと簡潔に書き直してください：\n\n{a}',
      '中学校の教師です。作文の評価基準を一緒に作ってください。', '私のエッセイの書き出しをどう思いますか？構成を良くしたいです。\n\n{essay}', 'この問題に似た練習問題を3つ作ってください：\n\n{q}',
      'この問題で{num}になりましたが、合っていますか？\n\n{q}', 'この回答を一文で要約してください：\n\n{a}',
    ],
  },
  ko: {
    roles: ['당신은 공정한 심사위원입니다.', 'AI 어시스턴트의 답변을 평가하는 전문가로 행동하세요.', '당신은 엄격한 채점자입니다.', '당신은 보상 모델입니다.', '숙련된 평가자로서,'],
    score: ['어시스턴트의 답변을 {scale}로 평가하세요.', '다음 답변의 품질을 {scale}로 채점하세요.', '후보 답변에 {scale}의 점수를 매기세요.', '모델이 질문에 얼마나 잘 답했는지 {scale}로 평가하세요.'],
    pairwise: ['두 답변을 비교하고 어느 쪽이 더 나은지 판단하세요.', '답변 A와 답변 B 중 사용자에게 더 좋은 것은 무엇입니까?', '두 어시스턴트 중 누가 더 잘 답했는지 고르세요.'],
    verify: ['모델의 답이 맞는지 판정하세요.', '최종 답이 참고 답안과 일치하는지 확인하세요.', '제시된 풀이를 엄격하게 검증하세요.'],
    scales: ['1점에서 10점', '1~5점', '0~100점', '1~7점 척도', '10점 만점'],
    criteriaHeaders: ['평가 기준:', '루브릭:', '채점 기준:', '다음 항목을 고려하세요:'],
    criteria: ['정확성: 최종 답이 맞는가', '명확성: 설명이 이해하기 쉬운가', '관련성: 질문에 맞는가', '완전성: 질문의 모든 부분에 답했는가', '유용성: 사용자에게 도움이 되는가', '안전성: 유해한 내용이 없는가'],
    strict: ['엄격하게 채점하세요.', '답변의 길이에 영향을 받지 마세요.', '만점은 완벽한 답변에만 주세요.', '계산 실수는 크게 감점하세요.'],
    question: ['질문:', '[질문]', '### 질문', '문제:', '사용자 요청:'],
    answer: ['답변:', '[어시스턴트의 답변]', '### 답변', '후보 답변:', '제출된 풀이:'],
    answerX: ['답변 {x}:', '[어시스턴트 {x}]', '안 {x}:'],
    outputs: {
      score: ['숫자만 출력하세요.', 'JSON으로 출력: {"score": N, "reason": "..."}', '이유를 간단히 쓰고 마지막 줄에 "점수: X"를 쓰세요.', '점수만 답하세요.'],
      pairwise: ['A 또는 B로만 답하세요.', '[[A]], [[B]] 또는 [[무승부]]를 출력하세요.', '형식: {"winner": "A"|"B"}'],
      verify: ['"정답" 또는 "오답"만 출력하세요.', '예 또는 아니오로 답하세요.', '{"verdict": "pass"|"fail"}를 반환하세요.'],
    },
    answers: ['답은 {num}입니다.', '먼저 합계를 구하고 나누면 결과는 {num}입니다.', '아마 {num}일 것 같지만 확실하지 않습니다.', '결과: {num}'],
    preambles: ['물론입니다!', '풀이는 다음과 같습니다:', '단계별로 살펴보겠습니다.', '좋은 질문입니다.'],
    negatives: [
      '이 풀이가 이해가 안 돼요. 단계별로 설명해 줄 수 있나요?\n\n{q}\n\n{a}', '다음 문제와 답을 영어로 번역해 주세요:\n\n{q}\n\n{a}', '이 답변을 더 간결하게 다시 써 주세요:\n\n{a}',
      '중학교 교사입니다. 논설문 채점 기준표를 만드는 것을 도와주세요.', '제 에세이 도입부 어떤가요? 구성을 개선하고 싶어요.\n\n{essay}', '이 문제와 비슷한 연습 문제를 세 개 만들어 주세요:\n\n{q}',
      '이 문제에서 {num}이 나왔는데 맞나요?\n\n{q}', '이 답변을 한 문장으로 요약해 주세요:\n\n{a}',
    ],
  },
  pt: {
    roles: ['Você é um juiz imparcial.', 'Atue como avaliador especialista de assistentes de IA.', 'Você é um corretor exigente.', 'Você é um modelo de recompensa.', 'Como avaliador experiente,'],
    score: ['Atribua uma nota {scale} à resposta do assistente.', 'Avalie a qualidade da resposta abaixo {scale}.', 'Pontue a resposta candidata {scale}.', 'Quão bem o modelo respondeu à pergunta? Dê uma nota {scale}.'],
    pairwise: ['Compare as duas respostas e decida qual é melhor.', 'Qual resposta um usuário exigente preferiria, A ou B?', 'Indique qual dos dois assistentes respondeu melhor.'],
    verify: ['Determine se a resposta do modelo está correta.', 'Verifique se o resultado final confere com a resposta de referência.', 'Confira a solução proposta com rigor.'],
    scales: ['de 1 a 10', 'numa escala de 1 a 5', 'de 0 a 100', 'entre 1 e 7', 'de 0 a 10'],
    criteriaHeaders: ['Critérios:', 'Rubrica:', 'Critérios de avaliação:', 'Considere:'],
    criteria: ['Correção: o resultado final está certo', 'Clareza: a explicação é compreensível', 'Relevância: atém-se à pergunta', 'Completude: cobre todas as partes', 'Utilidade: ajuda de fato o usuário', 'Segurança: sem conteúdo nocivo'],
    strict: ['Seja rigoroso.', 'Não favoreça respostas longas.', 'A nota máxima é só para respostas impecáveis.', 'Penalize cada erro de cálculo.'],
    question: ['Pergunta:', '[Pergunta]', '### Pergunta', 'Enunciado:', 'Pedido do usuário:'],
    answer: ['Resposta:', '[Resposta do assistente]', '### Resposta', 'Resposta candidata:', 'Solução proposta:'],
    answerX: ['Resposta {x}:', '[Assistente {x}]', 'Opção {x}:'],
    outputs: {
      score: ['Devolva apenas o número.', 'Responda em JSON: {"nota": N, "justificativa": "..."}', 'Explique brevemente e termine com "Nota: X".', 'Escreva só a nota.'],
      pairwise: ['Responda apenas A ou B.', 'Devolva [[A]], [[B]] ou [[empate]].', 'Formato: {"vencedor": "A"|"B"}'],
      verify: ['Responda "correta" ou "incorreta".', 'Responda apenas SIM ou NÃO.', 'Devolva {"veredito": "aprovado"|"reprovado"}.'],
    },
    answers: ['A resposta é {num}.', 'Primeiro somamos as quantidades e depois dividimos, então o resultado é {num}.', 'Acho que são {num}, mas não tenho certeza.', 'Resultado: {num}.'],
    preambles: ['Claro!', 'Com certeza, segue a solução:', 'Vamos passo a passo.', 'Boa pergunta.'],
    negatives: [
      'Não entendi esta solução. Pode me explicar passo a passo?\n\n{q}\n\n{a}', 'Traduza para o inglês esta pergunta e a resposta:\n\n{q}\n\n{a}', 'Reescreva esta resposta de forma mais curta:\n\n{a}',
      'Sou professor do ensino médio. Me ajuda a montar uma rubrica para corrigir redações?', 'O que acha da introdução da minha redação? Quero melhorar a estrutura.\n\n{essay}', 'Crie três exercícios parecidos com este:\n\n{q}',
      'Deu {num} nesse exercício. Está certo?\n\n{q}', 'Resuma esta resposta em uma frase:\n\n{a}',
    ],
  },
  it: {
    roles: ['Sei un giudice imparziale.', 'Agisci come valutatore esperto di assistenti IA.', 'Sei un correttore severo.', 'Sei un modello di ricompensa.', 'Come valutatore esperto,'],
    score: ['Assegna un voto {scale} alla risposta dell’assistente.', 'Valuta la qualità della risposta seguente {scale}.', 'Dai un punteggio {scale} alla risposta candidata.', 'Quanto bene risponde il modello alla domanda? Valuta {scale}.'],
    pairwise: ['Confronta le due risposte e decidi quale è migliore.', 'Quale risposta preferirebbe un utente esigente, A o B?', 'Indica quale dei due assistenti ha risposto meglio.'],
    verify: ['Stabilisci se la risposta del modello è corretta.', 'Controlla se il risultato finale coincide con la risposta di riferimento.', 'Verifica con rigore la soluzione proposta.'],
    scales: ['da 1 a 10', 'su una scala da 1 a 5', 'da 0 a 100', 'tra 1 e 7', 'in decimi'],
    criteriaHeaders: ['Criteri:', 'Griglia di valutazione:', 'Criteri di valutazione:', 'Considera:'],
    criteria: ['Correttezza: il risultato finale è giusto', 'Chiarezza: la spiegazione è comprensibile', 'Pertinenza: resta in tema', 'Completezza: copre tutte le parti', 'Utilità: aiuta davvero l’utente', 'Sicurezza: nessun contenuto dannoso'],
    strict: ['Sii severo.', 'Non premiare le risposte lunghe in quanto tali.', 'Il voto massimo solo per risposte impeccabili.', 'Penalizza ogni errore di calcolo.'],
    question: ['Domanda:', '[Domanda]', '### Domanda', 'Testo del problema:', 'Richiesta dell’utente:'],
    answer: ['Risposta:', '[Risposta dell’assistente]', '### Risposta', 'Risposta candidata:', 'Soluzione proposta:'],
    answerX: ['Risposta {x}:', '[Assistente {x}]', 'Opzione {x}:'],
    outputs: {
      score: ['Restituisci solo il numero.', 'Rispondi in JSON: {"voto": N, "motivazione": "..."}', 'Motiva brevemente e chiudi con "Voto: X".', 'Scrivi soltanto il punteggio.'],
      pairwise: ['Rispondi solo A o B.', 'Restituisci [[A]], [[B]] o [[pareggio]].', 'Formato: {"vincitore": "A"|"B"}'],
      verify: ['Rispondi "corretta" o "errata".', 'Rispondi solo SÌ o NO.', 'Restituisci {"verdetto": "superato"|"non superato"}.'],
    },
    answers: ['La risposta è {num}.', 'Prima sommiamo le quantità e poi dividiamo, quindi il risultato è {num}.', 'Penso che siano {num}, ma non ne sono sicuro.', 'Risultato: {num}.'],
    preambles: ['Certo!', 'Ecco la soluzione:', 'Procediamo passo per passo.', 'Bella domanda.'],
    negatives: [
      'Non capisco questa soluzione. Me la spieghi passo per passo?\n\n{q}\n\n{a}', 'Traduci in inglese questa domanda e la risposta:\n\n{q}\n\n{a}', 'Riscrivi questa risposta in modo più conciso:\n\n{a}',
      'Sono un insegnante. Aiutami a preparare una griglia di valutazione per i temi.', 'Cosa ne pensi dell’introduzione del mio tema? Vorrei migliorare la struttura.\n\n{essay}', 'Inventa tre esercizi simili a questo:\n\n{q}',
      'Mi viene {num} in questo esercizio. È giusto?\n\n{q}', 'Riassumi questa risposta in una frase:\n\n{a}',
    ],
  },
  ar: {
    roles: ['أنت حكم محايد.', 'تصرّف كخبير في تقييم مساعدي الذكاء الاصطناعي.', 'أنت مصحح صارم.', 'أنت نموذج مكافأة.', 'بصفتك مقيّمًا خبيرًا،'],
    score: ['قيّم إجابة المساعد {scale}.', 'قيّم جودة الإجابة التالية {scale}.', 'امنح الإجابة المرشحة درجة {scale}.', 'إلى أي مدى أجاب النموذج عن السؤال؟ قيّم {scale}.'],
    pairwise: ['قارن بين الإجابتين وحدد أيهما أفضل.', 'أي إجابة يفضلها مستخدم متطلب، أ أم ب؟', 'حدد أي المساعدَين أجاب بشكل أفضل.'],
    verify: ['حدد ما إذا كانت إجابة النموذج صحيحة.', 'تحقق مما إذا كانت النتيجة النهائية تطابق الإجابة المرجعية.', 'تحقق من الحل المقترح بدقة.'],
    scales: ['من 1 إلى 10', 'على مقياس من 1 إلى 5', 'من 0 إلى 100', 'بين 1 و7', 'من عشرة'],
    criteriaHeaders: ['المعايير:', 'سلم التقييم:', 'معايير التقييم:', 'ضع في الاعتبار:'],
    criteria: ['الدقة: النتيجة النهائية صحيحة', 'الوضوح: الشرح مفهوم', 'الصلة: ملتزمة بالسؤال', 'الاكتمال: تغطي كل أجزاء السؤال', 'الفائدة: تساعد المستخدم فعلًا', 'الأمان: لا محتوى ضار'],
    strict: ['كن صارمًا في التقييم.', 'لا تتأثر بطول الإجابة.', 'الدرجة الكاملة فقط للإجابات الخالية من الأخطاء.', 'اخصم على كل خطأ حسابي.'],
    question: ['السؤال:', '[السؤال]', '### السؤال', 'نص المسألة:', 'طلب المستخدم:'],
    answer: ['الإجابة:', '[إجابة المساعد]', '### الإجابة', 'الإجابة المرشحة:', 'الحل المقترح:'],
    answerX: ['الإجابة {x}:', '[المساعد {x}]', 'الخيار {x}:'],
    outputs: {
      score: ['أخرج الرقم فقط.', 'أجب بصيغة JSON: {"score": N, "reason": "..."}', 'علّل باختصار ثم اختم بـ "الدرجة: X".', 'اكتب الدرجة فقط.'],
      pairwise: ['أجب بـ A أو B فقط.', 'أخرج [[A]] أو [[B]] أو [[تعادل]].', 'الصيغة: {"winner": "A"|"B"}'],
      verify: ['أجب بـ "صحيحة" أو "خاطئة" فقط.', 'أجب بنعم أو لا فقط.', 'أعد {"verdict": "pass"|"fail"}.'],
    },
    answers: ['الإجابة هي {num}.', 'نجمع الكميات أولًا ثم نقسم، فتكون النتيجة {num}.', 'أظن أنها {num} لكنني لست متأكدًا.', 'النتيجة: {num}.'],
    preambles: ['بالتأكيد!', 'إليك الحل:', 'لنحل المسألة خطوة بخطوة.', 'سؤال جيد.'],
    negatives: [
      'لم أفهم هذا الحل. هل يمكنك شرحه خطوة بخطوة؟\n\n{q}\n\n{a}', 'ترجم هذا السؤال وإجابته إلى الإنجليزية:\n\n{q}\n\n{a}', 'أعد صياغة هذه الإجابة بشكل أقصر:\n\n{a}',
      'أنا معلم. ساعدني في إعداد سلم تقييم لمقالات الطلاب.', 'ما رأيك في مقدمة مقالي؟ أريد تحسين البنية.\n\n{essay}', 'اكتب ثلاثة تمارين مشابهة لهذا:\n\n{q}',
      'حصلت على {num} في هذه المسألة. هل هذا صحيح؟\n\n{q}', 'لخص هذه الإجابة في جملة واحدة:\n\n{a}',
    ],
  },
  hi: {
    roles: ['आप एक निष्पक्ष निर्णायक हैं।', 'AI सहायकों के उत्तरों का मूल्यांकन करने वाले विशेषज्ञ की तरह काम करें।', 'आप एक सख़्त परीक्षक हैं।', 'आप एक रिवॉर्ड मॉडल हैं।', 'एक अनुभवी मूल्यांकनकर्ता के रूप में,'],
    score: ['सहायक के उत्तर को {scale} अंक दें।', 'नीचे दिए गए उत्तर की गुणवत्ता का {scale} मूल्यांकन करें।', 'उम्मीदवार उत्तर को {scale} स्कोर दें।', 'मॉडल ने प्रश्न का उत्तर कितनी अच्छी तरह दिया? {scale} अंक दें।'],
    pairwise: ['दोनों उत्तरों की तुलना करें और बताएं कि कौन बेहतर है।', 'उत्तर A और उत्तर B में से उपयोगकर्ता के लिए कौन बेहतर है?', 'बताएं कि दोनों सहायकों में से किसने बेहतर उत्तर दिया।'],
    verify: ['तय करें कि मॉडल का उत्तर सही है या नहीं।', 'जांचें कि अंतिम उत्तर संदर्भ उत्तर से मेल खाता है या नहीं।', 'प्रस्तावित हल की सख़्ती से जांच करें।'],
    scales: ['1 से 10 के पैमाने पर', '1 से 5 तक', '0 से 100 तक', '1 से 7 के बीच', '10 में से'],
    criteriaHeaders: ['मानदंड:', 'मूल्यांकन रूब्रिक:', 'अंकन मानदंड:', 'इन बातों पर ध्यान दें:'],
    criteria: ['सटीकता: अंतिम उत्तर सही है', 'स्पष्टता: व्याख्या समझ में आती है', 'प्रासंगिकता: प्रश्न से जुड़ा है', 'पूर्णता: प्रश्न के सभी हिस्से शामिल हैं', 'उपयोगिता: उपयोगकर्ता की मदद करता है', 'सुरक्षा: कोई हानिकारक सामग्री नहीं'],
    strict: ['सख़्ती से अंक दें।', 'उत्तर की लंबाई से प्रभावित न हों।', 'पूरे अंक केवल त्रुटिहीन उत्तर को दें।', 'हर गणना की ग़लती पर अंक काटें।'],
    question: ['प्रश्न:', '[प्रश्न]', '### प्रश्न', 'समस्या:', 'उपयोगकर्ता का अनुरोध:'],
    answer: ['उत्तर:', '[सहायक का उत्तर]', '### उत्तर', 'उम्मीदवार उत्तर:', 'प्रस्तावित हल:'],
    answerX: ['उत्तर {x}:', '[सहायक {x}]', 'विकल्प {x}:'],
    outputs: {
      score: ['केवल संख्या लिखें।', 'JSON में उत्तर दें: {"score": N, "reason": "..."}', 'संक्षेप में कारण बताएं और अंत में "अंक: X" लिखें।', 'सिर्फ़ स्कोर लौटाएं।'],
      pairwise: ['केवल A या B लिखें।', '[[A]], [[B]] या [[बराबर]] लिखें।', 'प्रारूप: {"winner": "A"|"B"}'],
      verify: ['केवल "सही" या "ग़लत" लिखें।', 'केवल हाँ या नहीं में उत्तर दें।', '{"verdict": "pass"|"fail"} लौटाएं।'],
    },
    answers: ['उत्तर {num} है।', 'पहले मात्राओं को जोड़ते हैं, फिर भाग देते हैं, इसलिए परिणाम {num} है।', 'मुझे लगता है {num} है, पर पक्का नहीं।', 'परिणाम: {num}'],
    preambles: ['ज़रूर!', 'यह रहा हल:', 'चलिए चरण दर चरण हल करते हैं।', 'अच्छा सवाल है।'],
    negatives: [
      'मुझे यह हल समझ नहीं आया। क्या आप इसे चरण दर चरण समझा सकते हैं?\n\n{q}\n\n{a}', 'इस प्रश्न और उत्तर का अंग्रेज़ी में अनुवाद करें:\n\n{q}\n\n{a}', 'इस उत्तर को छोटा करके दोबारा लिखें:\n\n{a}',
      'मैं शिक्षक हूँ। छात्रों के निबंध जांचने के लिए एक रूब्रिक बनाने में मदद करें।', 'मेरे निबंध की शुरुआत कैसी है? मैं इसकी संरचना सुधारना चाहता हूँ।\n\n{essay}', 'इसी तरह के तीन अभ्यास प्रश्न बनाइए:\n\n{q}',
      'इस सवाल में मेरा जवाब {num} आया। क्या यह सही है?\n\n{q}', 'इस उत्तर का एक वाक्य में सार लिखें:\n\n{a}',
    ],
  },
  vi: {
    roles: ['Bạn là một giám khảo công tâm.', 'Hãy đóng vai chuyên gia đánh giá trợ lý AI.', 'Bạn là người chấm bài khắt khe.', 'Bạn là một mô hình phần thưởng.', 'Với tư cách là người đánh giá giàu kinh nghiệm,'],
    score: ['Hãy chấm điểm câu trả lời của trợ lý {scale}.', 'Đánh giá chất lượng câu trả lời dưới đây {scale}.', 'Cho điểm câu trả lời ứng viên {scale}.', 'Mô hình trả lời câu hỏi tốt đến mức nào? Chấm {scale}.'],
    pairwise: ['So sánh hai câu trả lời và cho biết câu nào tốt hơn.', 'Người dùng khó tính sẽ chọn câu trả lời A hay B?', 'Cho biết trợ lý nào trả lời tốt hơn.'],
    verify: ['Xác định câu trả lời của mô hình có đúng không.', 'Kiểm tra kết quả cuối cùng có khớp với đáp án tham chiếu không.', 'Kiểm tra nghiêm ngặt lời giải được đề xuất.'],
    scales: ['theo thang điểm 1 đến 10', 'từ 1 đến 5', 'từ 0 đến 100', 'trong khoảng 1–7', 'trên thang 10'],
    criteriaHeaders: ['Tiêu chí:', 'Thang đánh giá:', 'Tiêu chí chấm điểm:', 'Hãy xem xét:'],
    criteria: ['Độ chính xác: kết quả cuối cùng đúng', 'Độ rõ ràng: lời giải thích dễ hiểu', 'Mức độ liên quan: bám sát câu hỏi', 'Tính đầy đủ: trả lời mọi phần của câu hỏi', 'Tính hữu ích: thực sự giúp người dùng', 'An toàn: không có nội dung độc hại'],
    strict: ['Hãy chấm thật nghiêm.', 'Đừng để độ dài câu trả lời ảnh hưởng đến điểm.', 'Chỉ cho điểm tối đa với câu trả lời hoàn hảo.', 'Trừ điểm mỗi lỗi tính toán.'],
    question: ['Câu hỏi:', '[Câu hỏi]', '### Câu hỏi', 'Đề bài:', 'Yêu cầu của người dùng:'],
    answer: ['Câu trả lời:', '[Câu trả lời của trợ lý]', '### Câu trả lời', 'Câu trả lời ứng viên:', 'Lời giải đề xuất:'],
    answerX: ['Câu trả lời {x}:', '[Trợ lý {x}]', 'Phương án {x}:'],
    outputs: {
      score: ['Chỉ xuất ra con số.', 'Trả lời bằng JSON: {"score": N, "reason": "..."}', 'Giải thích ngắn gọn rồi kết thúc bằng "Điểm: X".', 'Chỉ ghi điểm số.'],
      pairwise: ['Chỉ trả lời A hoặc B.', 'Xuất [[A]], [[B]] hoặc [[hòa]].', 'Định dạng: {"winner": "A"|"B"}'],
      verify: ['Chỉ trả lời "đúng" hoặc "sai".', 'Chỉ trả lời CÓ hoặc KHÔNG.', 'Trả về {"verdict": "pass"|"fail"}.'],
    },
    answers: ['Đáp án là {num}.', 'Trước tiên cộng các số lượng rồi chia, nên kết quả là {num}.', 'Tôi nghĩ là {num} nhưng không chắc lắm.', 'Kết quả: {num}.'],
    preambles: ['Được thôi!', 'Đây là lời giải:', 'Chúng ta làm từng bước.', 'Câu hỏi hay đấy.'],
    negatives: [
      'Mình không hiểu lời giải này. Bạn giải thích từng bước giúp mình được không?\n\n{q}\n\n{a}', 'Dịch câu hỏi và câu trả lời này sang tiếng Anh:\n\n{q}\n\n{a}', 'Viết lại câu trả lời này ngắn gọn hơn:\n\n{a}',
      'Tôi là giáo viên. Giúp tôi xây dựng thang chấm điểm cho bài văn nghị luận.', 'Bạn thấy phần mở đầu bài luận của mình thế nào? Mình muốn cải thiện bố cục.\n\n{essay}', 'Hãy ra ba bài tập tương tự bài này:\n\n{q}',
      'Bài này mình ra {num}. Đúng không?\n\n{q}', 'Tóm tắt câu trả lời này trong một câu:\n\n{a}',
    ],
  },
};
