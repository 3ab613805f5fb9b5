/** The offline responder's reading of text: content words (crudely stemmed) and what a question is about. Pure. */

export type Intent = 'price' | 'hours' | 'location' | 'contact';

const STOPWORDS = new Set(
  (
    'a an the and or but if of to in on at by for with from about as into than then so too very just ' +
    'i me my we us our you your he she it its they them their this that these those there here ' +
    'is am are was were be been being do does did doing have has had having will would can could shall should may might must ' +
    'what which who whom whose how why please tell know want like need get got let say said thank thanks hi hello hey ' +
    'yes yeah ok okay also any some anything something one well really still again oh um uh er just maybe ' +
    'don doesn isn aren won wasn didn not no all per each ' +
    // Spanish (accents folded, as tokens() folds them)
    'el la los las lo un una unos unas de del al y e o u pero si en con sin por para que quien cual como ' +
    'es son esta estan estoy hay ser tiene tienen tengo usted ustedes me mi mis su sus le les se nos yo ' +
    'puedo puede pueden podria quiero quisiera saber gracias hola bueno vale tambien algo alguno muy mas'
  ).split(' '),
);

const DAYS = ['monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday'];
const DIAS = ['lunes', 'martes', 'miercoles', 'jueves', 'viernes', 'sabado', 'domingo'];

/** Words in a question that say what kind of answer is wanted (stemmed below). */
const INTENT_WORDS_RAW: Record<Intent, string[]> = {
  price: [
    'price',
    'cost',
    'much',
    'charge',
    'fee',
    'expensive',
    'cheap',
    'pay',
    'dollar',
    'afford',
    ...['precio', 'cuesta', 'cuestan', 'cuanto', 'cobran', 'cobra', 'caro', 'barato', 'pagar', 'dolares'],
  ],
  hours: [
    'open',
    'close',
    'closed',
    'hour',
    'time',
    'when',
    'today',
    'tomorrow',
    'weekend',
    'holiday',
    'late',
    'early',
    ...DAYS,
    ...['abren', 'abre', 'abierto', 'abiertos', 'cierran', 'cierra', 'cerrado', 'horario', 'hora', 'hoy'],
    ...['manana', 'festivo', 'festivos', 'cuando', ...DIAS],
  ],
  location: [
    ...['where', 'address', 'locate', 'location', 'find', 'parking', 'park', 'direction', 'street'],
    ...['donde', 'direccion', 'calle', 'ubicados', 'encuentran', 'taller'],
  ],
  contact: [
    ...['phone', 'email', 'contact', 'reach', 'website', 'person', 'someone', 'human'],
    ...['telefono', 'correo', 'contacto', 'persona', 'alguien'],
  ],
};

/** Callers' words for the same thing, spelled out before stemming. */
const SYNONYMS: Record<string, string> = {
  bicycle: 'bike',
  bicycles: 'bikes',
  cycle: 'bike',
  tyre: 'tire',
  tyres: 'tires',
  puncture: 'flat tire',
  hire: 'rent',
  renting: 'rent',
  rental: 'rent',
  rentals: 'rent',
};

/** What in a fact shows it answers that kind of question. */
const INTENT_EVIDENCE: Record<Intent, RegExp> = {
  price:
    /\$\s?\d|\b\d+(\.\d+)?\s?(dollars?|euros?|pounds?|d[oó]lares)(?![\p{L}])|\bfree\b|\bcosts?\b|\bprices?\b|\bcharges?\b|\bcuestan?\b|\bprecios?\b|\bgratis\b/iu,
  hours:
    /\b(mon|tues|wednes|thurs|fri|satur|sun)days?\b|\b\d{1,2}(:\d\d)?\s?(am|pm|a\.m\.|p\.m\.)|\bopen\b|\bclosed\b|\bnoon\b|\bholidays?\b|\bhours\b|\b(lunes|martes|mi[eé]rcoles|jueves|viernes|s[aá]bado|domingo|abrimos|cerramos|horario|festivos)(?![\p{L}])/iu,
  location:
    /\b(street|avenue|road|lane|boulevard|square|located|address|parking|next to|opposite|corner|near|calle|taller|direcci[oó]n)(?![\p{L}])/iu,
  contact: /\b(call|phone|email|e-mail|website)\b|@|\+?\d[\d\s-]{7,}\d/i,
};

export function words(text: string): string[] {
  return tokens(text).map(stem);
}

/** Lower-case tokens, contractions and hyphens folded, synonyms spelled out; not stemmed. */
function tokens(text: string): string[] {
  return text
    .toLowerCase()
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '') // accents folded: "sábado" is "sabado", as callers' transcripts vary
    .replace(/[’‘]/g, "'")
    .replace(/\be-?bikes?\b/g, (m) => (m.endsWith('s') ? 'electric bikes' : 'electric bike'))
    .replace(/([a-z])-([a-z])/g, '$1 $2')
    .replace(/'(s|re|ll|ve|d|m|t)\b/g, '')
    .split(/[^a-z0-9$]+/)
    .flatMap((w) => (SYNONYMS[w] ?? w).split(' '))
    .filter(Boolean);
}

const INTENT_WORDS: Record<Intent, string[]> = Object.fromEntries(
  Object.entries(INTENT_WORDS_RAW).map(([intent, list]) => [intent, list.map(stem)]),
) as Record<Intent, string[]>;
const DAY_STEMS = [...DAYS, ...DIAS].map((d) => stem(d));

/** Content words: no stopwords, no intent words (they are read separately). */
export function topicWords(text: string): string[] {
  const content = tokens(text)
    .filter((t) => !STOPWORDS.has(t))
    .map(stem);
  return [...new Set(content.filter((w) => !isIntentOnly(w)))];
}

export function intentsOf(text: string): Intent[] {
  const ws = new Set(words(text));
  const found = (Object.keys(INTENT_WORDS) as Intent[]).filter((intent) =>
    INTENT_WORDS[intent].some((w) => ws.has(w)),
  );
  // "how much" alone is a price question; "much" elsewhere ("thanks very much") is not
  return found.filter(
    (i) =>
      i !== 'price' ||
      /\bhow much\b/i.test(text) ||
      INTENT_WORDS.price.some((w) => w !== 'much' && ws.has(w)),
  );
}

export function showsIntent(intent: Intent, fact: { text: string; section: string }): boolean {
  if (INTENT_EVIDENCE[intent].test(fact.text)) return true;
  // a heading vouches for hours, places and contacts, but a price must be in the fact itself
  return intent !== 'price' && sectionIsAbout(intent, fact.section);
}

export function sectionIsAbout(intent: Intent, section: string): boolean {
  const heading = words(section);
  return INTENT_WORDS[intent].some((w) => heading.includes(w));
}

/** Day names are both an intent (hours) and a topic ("and on Sunday?" is about Sunday). */
function isIntentOnly(word: string): boolean {
  if (DAY_STEMS.includes(word)) return false;
  return Object.values(INTENT_WORDS).some((list) => list.includes(word));
}

/** A crude English stemmer: enough for "bikes"/"bike", "rentals"/"rental", "repairs"/"repair", "opening"/"open". */
export function stem(word: string): string {
  if (word.length <= 3 || /^[\d$]/.test(word)) return word;
  let w = word;
  if (w.endsWith('ies') && w.length > 4) w = `${w.slice(0, -3)}y`;
  else if (/(ches|shes|xes)$/.test(w)) w = w.slice(0, -2);
  else if (w.endsWith('s') && !/(ss|us|is)$/.test(w)) w = w.slice(0, -1);
  else if (w.endsWith('ing') && w.length > 5) w = w.slice(0, -3);
  else if (w.endsWith('ed') && w.length > 4) w = w.slice(0, -2);
  return w.length > 3 && w.endsWith('e') ? w.slice(0, -1) : w;
}
