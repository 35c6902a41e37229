/**
 * Ordinary follow-up requests, in every covered language: "summarise it more briefly", "simpler,
 * please", "as a list", "show the steps of the sum". They are what a customer types after an
 * answer, and they share words with chain-of-thought extraction ("summarise", "steps", "explain")
 * while asking for nothing hidden. Without them the CoT head learned "summarise" in another
 * language as a sign of extraction, because the positives say "do not summarise" in every language
 * and the ordinary summary requests in training were mostly English (docs/CLASSIFIERS.md, Known
 * weaknesses). Written for this project, without the traffic simulator's phrasing in view, so that
 * the simulator's benign traffic stays a fair test.
 */

import type { CapabilityArea, LanguageCode } from '../labels.js';
import type { Example } from './example.js';
import type { Rng } from './rng.js';

type Item = readonly [text: string, capability: CapabilityArea];
type Language = Exclude<LanguageCode, 'other'>;

/** Follow-ups per language. The capability is what the follow-up asks the model to do. */
export const FOLLOW_UPS: Readonly<Record<Language, readonly Item[]>> = {
  en: [
    ['Can you summarise that more briefly?', 'writing'], ['Make it shorter, two or three sentences is enough.', 'writing'],
    ['Summarise the main points as a bulleted list.', 'writing'], ['Explain it more simply, as if to a ten-year-old.', 'knowledge_qa'],
    ['Give me a concrete example.', 'knowledge_qa'], ['Can you rewrite it in a more formal tone?', 'writing'],
    ['Please continue.', 'chat'], ['Translate your answer into Spanish.', 'translation'],
    ['What does the second point mean exactly?', 'knowledge_qa'], ['Could you put that in a table?', 'writing'],
    ['Please show the steps of the calculation.', 'math'], ['Give me a one-sentence summary.', 'writing'],
    ['I did not understand the last part, can you explain it again?', 'chat'], ['Shorter, please.', 'writing'],
    ['Can you summarise the article I pasted above in a paragraph?', 'writing'], ['Why is that? I thought it was the other way round.', 'chat'],
  ],
  zh: [
    ['能再简短地总结一下吗？', 'writing'], ['请缩短一点，两三句话就够了。', 'writing'], ['把要点列成清单。', 'writing'],
    ['能解释得简单一点吗？像给小孩子讲一样。', 'knowledge_qa'], ['给我举一个具体的例子。', 'knowledge_qa'],
    ['请用更正式的语气重写一遍。', 'writing'], ['请继续。', 'chat'], ['把你的回答翻译成英文。', 'translation'],
    ['第二点具体是什么意思？', 'knowledge_qa'], ['能做成一个表格吗？', 'writing'], ['请写出计算的步骤。', 'math'],
    ['用一句话概括一下。', 'writing'], ['最后一部分我没看懂，能再解释一遍吗？', 'chat'],
  ],
  es: [
    ['Gracias. ¿Puedes resumirlo de forma más breve?', 'writing'], ['Hazlo más corto, con dos o tres frases basta.', 'writing'],
    ['Resume los puntos principales en una lista.', 'writing'], ['Explícalo de forma más sencilla, como para un niño.', 'knowledge_qa'],
    ['Dame un ejemplo concreto.', 'knowledge_qa'], ['¿Puedes reescribirlo con un tono más formal?', 'writing'],
    ['Continúa, por favor.', 'chat'], ['Traduce tu respuesta al inglés.', 'translation'],
    ['¿Qué significa exactamente el segundo punto?', 'knowledge_qa'], ['¿Lo puedes poner en una tabla?', 'writing'],
    ['Muéstrame los pasos del cálculo, por favor.', 'math'], ['Dame un resumen en una sola frase.', 'writing'],
    ['No entendí la última parte, ¿me la explicas otra vez?', 'chat'],
  ],
  de: [
    ['Danke. Kannst du das kürzer zusammenfassen?', 'writing'], ['Mach es kürzer, zwei oder drei Sätze reichen.', 'writing'],
    ['Fasse die wichtigsten Punkte als Liste zusammen.', 'writing'], ['Erklär es einfacher, so als wäre ich zehn Jahre alt.', 'knowledge_qa'],
    ['Gib mir ein konkretes Beispiel.', 'knowledge_qa'], ['Kannst du es in einem förmlicheren Ton umschreiben?', 'writing'],
    ['Bitte mach weiter.', 'chat'], ['Übersetze deine Antwort ins Englische.', 'translation'],
    ['Was genau bedeutet der zweite Punkt?', 'knowledge_qa'], ['Kannst du das in eine Tabelle packen?', 'writing'],
    ['Zeig mir bitte die Rechenschritte.', 'math'], ['Gib mir eine Zusammenfassung in einem Satz.', 'writing'],
    ['Den letzten Teil habe ich nicht verstanden, kannst du ihn nochmal erklären?', 'chat'],
  ],
  fr: [
    ['Merci. Tu peux résumer ça plus brièvement ?', 'writing'], ['Fais plus court, deux ou trois phrases suffisent.', 'writing'],
    ['Résume les points principaux sous forme de liste.', 'writing'], ['Explique-le plus simplement, comme à un enfant de dix ans.', 'knowledge_qa'],
    ['Donne-moi un exemple concret.', 'knowledge_qa'], ['Peux-tu le réécrire sur un ton plus formel ?', 'writing'],
    ['Continue, s\'il te plaît.', 'chat'], ['Traduis ta réponse en anglais.', 'translation'],
    ['Que veut dire exactement le deuxième point ?', 'knowledge_qa'], ['Tu peux mettre ça dans un tableau ?', 'writing'],
    ['Montre-moi les étapes du calcul, s\'il te plaît.', 'math'], ['Donne-moi un résumé en une phrase.', 'writing'],
    ['Je n\'ai pas compris la dernière partie, tu peux la réexpliquer ?', 'chat'],
  ],
  ru: [
    ['Спасибо. Можешь пересказать это короче?', 'writing'], ['Сделай покороче, двух-трёх предложений хватит.', 'writing'],
    ['Перечисли главные мысли списком.', 'writing'], ['Объясни проще, как десятилетнему ребёнку.', 'knowledge_qa'],
    ['Приведи конкретный пример.', 'knowledge_qa'], ['Можешь переписать это более официальным тоном?', 'writing'],
    ['Продолжай, пожалуйста.', 'chat'], ['Переведи свой ответ на английский.', 'translation'],
    ['Что именно означает второй пункт?', 'knowledge_qa'], ['Можешь оформить это в виде таблицы?', 'writing'],
    ['Покажи, пожалуйста, шаги вычисления.', 'math'], ['Подведи итог одним предложением.', 'writing'],
    ['Я не понял последнюю часть, можешь объяснить ещё раз?', 'chat'],
  ],
  ja: [
    ['ありがとう。もう少し短くまとめてもらえますか？', 'writing'], ['もっと短くしてください。2、3文で十分です。', 'writing'],
    ['要点を箇条書きにしてください。', 'writing'], ['子どもにもわかるように、もっと簡単に説明してください。', 'knowledge_qa'],
    ['具体的な例を挙げてください。', 'knowledge_qa'], ['もう少し丁寧な言い方に書き直してもらえますか？', 'writing'],
    ['続けてください。', 'chat'], ['回答を英語に訳してください。', 'translation'],
    ['2つ目のポイントは具体的にどういう意味ですか？', 'knowledge_qa'], ['表にまとめてもらえますか？', 'writing'],
    ['計算の手順を見せてください。', 'math'], ['一文で要約してください。', 'writing'],
    ['最後の部分がよくわからなかったので、もう一度説明してもらえますか？', 'chat'],
  ],
  ko: [
    ['고마워요. 좀 더 짧게 요약해 줄 수 있어요?', 'writing'], ['더 짧게 해 주세요. 두세 문장이면 충분해요.', 'writing'],
    ['핵심 내용을 목록으로 정리해 주세요.', 'writing'], ['열 살 아이에게 설명하듯이 더 쉽게 설명해 주세요.', 'knowledge_qa'],
    ['구체적인 예를 하나 들어 주세요.', 'knowledge_qa'], ['좀 더 격식 있는 말투로 다시 써 줄래요?', 'writing'],
    ['계속해 주세요.', 'chat'], ['답변을 영어로 번역해 주세요.', 'translation'],
    ['두 번째 항목은 정확히 무슨 뜻이에요?', 'knowledge_qa'], ['표로 정리해 줄 수 있어요?', 'writing'],
    ['계산 과정을 단계별로 보여 주세요.', 'math'], ['한 문장으로 요약해 주세요.', 'writing'],
    ['마지막 부분을 이해하지 못했어요. 다시 설명해 줄 수 있어요?', 'chat'],
  ],
  pt: [
    ['Obrigado. Pode resumir de forma mais breve?', 'writing'], ['Deixe mais curto, duas ou três frases bastam.', 'writing'],
    ['Resuma os pontos principais em uma lista.', 'writing'], ['Explique de um jeito mais simples, como para uma criança.', 'knowledge_qa'],
    ['Me dê um exemplo concreto.', 'knowledge_qa'], ['Pode reescrever num tom mais formal?', 'writing'],
    ['Continue, por favor.', 'chat'], ['Traduza sua resposta para o inglês.', 'translation'],
    ['O que significa exatamente o segundo ponto?', 'knowledge_qa'], ['Dá para colocar isso numa tabela?', 'writing'],
    ['Mostre os passos do cálculo, por favor.', 'math'], ['Faça um resumo em uma frase.', 'writing'],
    ['Não entendi a última parte, pode explicar de novo?', 'chat'],
  ],
  ar: [
    ['شكراً. هل يمكنك تلخيص ذلك بشكل أقصر؟', 'writing'], ['اجعله أقصر، جملتان أو ثلاث تكفي.', 'writing'],
    ['لخص النقاط الرئيسية في قائمة.', 'writing'], ['اشرحه بطريقة أبسط، كأنك تشرح لطفل.', 'knowledge_qa'],
    ['أعطني مثالاً محدداً.', 'knowledge_qa'], ['هل يمكنك إعادة كتابته بأسلوب أكثر رسمية؟', 'writing'],
    ['تابع من فضلك.', 'chat'], ['ترجم إجابتك إلى الإنجليزية.', 'translation'],
    ['ماذا تعني النقطة الثانية بالضبط؟', 'knowledge_qa'], ['هل يمكنك وضع ذلك في جدول؟', 'writing'],
    ['أرني خطوات الحساب من فضلك.', 'math'], ['لخصه في جملة واحدة.', 'writing'],
    ['لم أفهم الجزء الأخير، هل يمكنك شرحه مرة أخرى؟', 'chat'],
  ],
  hi: [
    ['धन्यवाद। क्या आप इसे और छोटा करके सारांश दे सकते हैं?', 'writing'], ['इसे छोटा कर दीजिए, दो-तीन वाक्य काफ़ी हैं।', 'writing'],
    ['मुख्य बातों को एक सूची में लिखिए।', 'writing'], ['इसे और आसान भाषा में समझाइए, जैसे किसी बच्चे को।', 'knowledge_qa'],
    ['एक ठोस उदाहरण दीजिए।', 'knowledge_qa'], ['क्या आप इसे ज़्यादा औपचारिक भाषा में दोबारा लिख सकते हैं?', 'writing'],
    ['कृपया आगे लिखिए।', 'chat'], ['अपने जवाब का अंग्रेज़ी में अनुवाद कीजिए।', 'translation'],
    ['दूसरे बिंदु का ठीक-ठीक मतलब क्या है?', 'knowledge_qa'], ['क्या आप इसे एक तालिका में रख सकते हैं?', 'writing'],
    ['कृपया गणना के चरण दिखाइए।', 'math'], ['एक वाक्य में सारांश दीजिए।', 'writing'],
    ['आख़िरी हिस्सा समझ नहीं आया, क्या आप फिर से समझा सकते हैं?', 'chat'],
  ],
  vi: [
    ['Cảm ơn. Bạn tóm tắt lại ngắn gọn hơn được không?', 'writing'], ['Viết ngắn lại, hai ba câu là đủ.', 'writing'],
    ['Tóm tắt các ý chính thành một danh sách.', 'writing'], ['Giải thích đơn giản hơn, như cho một đứa trẻ mười tuổi.', 'knowledge_qa'],
    ['Cho tôi một ví dụ cụ thể.', 'knowledge_qa'], ['Bạn viết lại với giọng trang trọng hơn được không?', 'writing'],
    ['Tiếp tục đi.', 'chat'], ['Dịch câu trả lời của bạn sang tiếng Anh.', 'translation'],
    ['Ý thứ hai chính xác có nghĩa là gì?', 'knowledge_qa'], ['Bạn có thể trình bày thành bảng không?', 'writing'],
    ['Cho tôi xem các bước tính nhé.', 'math'], ['Tóm tắt trong một câu thôi.', 'writing'],
    ['Tôi chưa hiểu phần cuối, bạn giải thích lại được không?', 'chat'],
  ],
  it: [
    ['Grazie. Puoi riassumerlo in modo più breve?', 'writing'], ['Fallo più corto, bastano due o tre frasi.', 'writing'],
    ['Riassumi i punti principali in un elenco.', 'writing'], ['Spiegalo in modo più semplice, come a un bambino.', 'knowledge_qa'],
    ['Fammi un esempio concreto.', 'knowledge_qa'], ['Puoi riscriverlo con un tono più formale?', 'writing'],
    ['Continua, per favore.', 'chat'], ['Traduci la tua risposta in inglese.', 'translation'],
    ['Cosa significa esattamente il secondo punto?', 'knowledge_qa'], ['Puoi metterlo in una tabella?', 'writing'],
    ['Mostrami i passaggi del calcolo, per favore.', 'math'], ['Fammi un riassunto in una frase.', 'writing'],
    ['Non ho capito l\'ultima parte, puoi spiegarla di nuovo?', 'chat'],
  ],
};

/**
 * Opinion questions ("What are your thoughts on remote work?"): "your thoughts" here asks for a
 * view, not for a reasoning trace, and a short prompt is decided by few words. Frames with a
 * `{t}` slot, and topics, per language.
 */
export const OPINIONS: Readonly<Record<Language, { frames: readonly string[]; topics: readonly string[] }>> = {
  en: { frames: ['What are your thoughts on {t}?', 'What do you think about {t}?', 'Honestly, what is your opinion of {t}?', 'Share your thoughts on {t}, briefly.',
    'Give me your thoughts on {t}.', "I'd like your thoughts about {t}.", 'Any thoughts on {t}?', 'Your honest thoughts on {t}, please.'],
    topics: ['remote work', 'electric cars', 'fathers who skip child support', 'homeschooling', 'pineapple on pizza', 'the four-day week', 'social media for teenagers', 'tipping culture',
      'my cover letter', 'the latest Marvel film', 'this logo idea', 'vinyl records making a comeback'] },
  zh: { frames: ['你对{t}有什么看法？', '你怎么看{t}？', '说说你对{t}的想法。', '给我说说你对{t}的想法。'], topics: ['远程办公', '电动汽车', '不付抚养费的父亲', '在家上学', '四天工作制', '青少年使用社交媒体'] },
  es: { frames: ['¿Qué piensas de {t}?', '¿Cuál es tu opinión sobre {t}?', 'Dime qué te parece {t}.', 'Dame tus pensamientos sobre {t}.'], topics: ['el teletrabajo', 'los coches eléctricos', 'los padres que no pagan la pensión', 'la educación en casa', 'la semana de cuatro días', 'las redes sociales para adolescentes'] },
  de: { frames: ['Was hältst du von {t}?', 'Was denkst du über {t}?', 'Wie ist deine Meinung zu {t}?', 'Teil mir deine Gedanken zu {t} mit.'], topics: ['Homeoffice', 'Elektroautos', 'Vätern, die keinen Unterhalt zahlen', 'Homeschooling', 'der Viertagewoche', 'sozialen Medien für Jugendliche'] },
  fr: { frames: ['Que penses-tu de {t} ?', 'Quel est ton avis sur {t} ?', 'Dis-moi ce que tu penses de {t}.', 'Donne-moi tes réflexions sur {t}.'], topics: ['du télétravail', 'des voitures électriques', 'des pères qui ne paient pas la pension', "de l'école à la maison", 'de la semaine de quatre jours', 'des réseaux sociaux pour les ados'] },
  ru: { frames: ['Что ты думаешь о {t}?', 'Какое у тебя мнение о {t}?', 'Как ты относишься к {t}?', 'Поделись своими мыслями о {t}.'], topics: ['удалённой работе', 'электромобилях', 'отцах, которые не платят алименты', 'домашнем обучении', 'четырёхдневной рабочей неделе', 'соцсетях для подростков'] },
  ja: { frames: ['{t}についてどう思いますか？', '{t}について、あなたの意見を聞かせてください。', '{t}はどう思う？', '{t}についてのあなたの考えを聞かせて。'], topics: ['リモートワーク', '電気自動車', '養育費を払わない父親', 'ホームスクーリング', '週休3日制', '十代のSNS利用'] },
  ko: { frames: ['{t}에 대해 어떻게 생각해요?', '{t}에 대한 당신의 의견은 뭐예요?', '{t}, 솔직히 어떻게 봐요?', '{t}에 대한 당신의 생각을 말해 주세요.'], topics: ['재택근무', '전기차', '양육비를 안 주는 아빠들', '홈스쿨링', '주 4일제', '청소년의 SNS 사용'] },
  pt: { frames: ['O que você acha de {t}?', 'Qual é a sua opinião sobre {t}?', 'Me diga o que pensa sobre {t}.', 'Me dê seus pensamentos sobre {t}.'], topics: ['trabalho remoto', 'carros elétricos', 'pais que não pagam pensão', 'ensino domiciliar', 'semana de quatro dias', 'redes sociais para adolescentes'] },
  ar: { frames: ['ما رأيك في {t}؟', 'ما هي أفكارك حول {t}؟', 'كيف تنظر إلى {t}؟', 'أعطني أفكارك عن {t}.'], topics: ['العمل عن بعد', 'السيارات الكهربائية', 'الآباء الذين لا يدفعون النفقة', 'التعليم المنزلي', 'أسبوع العمل من أربعة أيام', 'وسائل التواصل للمراهقين'] },
  hi: { frames: ['{t} के बारे में आपकी क्या राय है?', '{t} पर आप क्या सोचते हैं?', '{t} के बारे में अपने विचार बताइए।', '{t} पर अपने विचार मुझे दीजिए।'], topics: ['घर से काम करने', 'इलेक्ट्रिक कारों', 'गुज़ारा भत्ता न देने वाले पिताओं', 'होमस्कूलिंग', 'चार दिन के कामकाजी हफ़्ते', 'किशोरों के सोशल मीडिया'] },
  vi: { frames: ['Bạn nghĩ gì về {t}?', 'Ý kiến của bạn về {t} là gì?', 'Bạn thấy {t} thế nào?', 'Cho mình biết suy nghĩ của bạn về {t}.'], topics: ['làm việc từ xa', 'xe điện', 'những ông bố không trả tiền cấp dưỡng', 'học tại nhà', 'tuần làm việc bốn ngày', 'mạng xã hội cho thanh thiếu niên'] },
  it: { frames: ['Cosa pensi di {t}?', 'Qual è la tua opinione su {t}?', 'Dimmi cosa ne pensi di {t}.', 'Dammi i tuoi pensieri su {t}.'], topics: ['lavoro da remoto', 'auto elettriche', 'padri che non pagano il mantenimento', 'scuola a casa', 'settimana di quattro giorni', 'social media per adolescenti'] },
};

/**
 * The rows' labels: negatives of the chain-of-thought head only, kept out of calibration
 * (`Example.calibrate`). They mend that head's false positives; labelled for the jailbreak and
 * grader heads as well, they would shift those heads' scores and thresholds for no gain of theirs.
 */
const COT_NEGATIVE = { cot_extraction: 0, calibrate: false } as const;

/** How customers open a follow-up: a thanks, or nothing. */
const OPENERS: Readonly<Record<Language, readonly string[]>> = {
  en: ['Thanks!', 'Great, thank you.', 'OK.', 'Hmm,'], zh: ['谢谢！', '好的。', '嗯，'], es: ['¡Gracias!', 'Vale.', 'Perfecto.'],
  de: ['Danke!', 'Okay.', 'Super.'], fr: ['Merci !', "D'accord.", 'Super.'], ru: ['Спасибо!', 'Хорошо.', 'Понятно.'],
  ja: ['ありがとうございます。', 'なるほど。', 'はい。'], ko: ['감사합니다!', '좋아요.', '네.'], pt: ['Valeu!', 'Certo.', 'Ótimo.'],
  ar: ['شكراً!', 'حسناً.', 'ممتاز.'], hi: ['शुक्रिया!', 'ठीक है।', 'बढ़िया।'], vi: ['Cảm ơn nhé!', 'Được rồi.', 'Hay quá.'],
  it: ['Grazie!', 'Va bene.', 'Perfetto.'],
};

/**
 * Every follow-up as written, plus `perLanguage` draws of an opener followed by one or two
 * follow-ups, plus every opinion frame with every topic.
 */
export function generateFollowUps(rng: Rng, perLanguage = 40): Example[] {
  const out: Example[] = [];
  for (const [language, items] of Object.entries(FOLLOW_UPS) as Array<[Language, readonly Item[]]>) {
    const sep = language === 'zh' || language === 'ja' ? '' : ' ';
    for (const [text, capability] of items) out.push({ text, source: 'gen/benign/followup', ...COT_NEGATIVE, language, capability });
    for (let i = 0; i < perLanguage; i++) {
      const [first, capability] = rng.pick(items);
      const parts = [rng.pick(OPENERS[language]), first];
      if (rng.chance(0.3)) parts.push(rng.pick(items)[0]);
      out.push({ text: parts.join(sep), source: 'gen/benign/followup', ...COT_NEGATIVE, language, capability });
    }
    const { frames, topics } = OPINIONS[language];
    for (const frame of frames) for (const topic of topics) out.push({ text: frame.replace('{t}', topic), source: 'gen/benign/opinion', ...COT_NEGATIVE, language, capability: 'chat' });
  }
  return out;
}
