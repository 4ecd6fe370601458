/** tesseract's language codes as the BCP 47 locales Azure reports; a code not listed is reported as is. */
const LOCALES: Record<string, string> = {
  ara: "ar",
  bul: "bg",
  cat: "ca",
  ces: "cs",
  chi_sim: "zh-Hans",
  chi_tra: "zh-Hant",
  dan: "da",
  deu: "de",
  ell: "el",
  eng: "en",
  est: "et",
  fin: "fi",
  fra: "fr",
  heb: "he",
  hin: "hi",
  hrv: "hr",
  hun: "hu",
  ind: "id",
  ita: "it",
  jpn: "ja",
  kor: "ko",
  lav: "lv",
  lit: "lt",
  nld: "nl",
  nor: "no",
  pol: "pl",
  por: "pt",
  ron: "ro",
  rus: "ru",
  slk: "sk",
  slv: "sl",
  spa: "es",
  srp: "sr",
  swe: "sv",
  tha: "th",
  tur: "tr",
  ukr: "uk",
  vie: "vi",
};

export function azureLocaleOf(language: string): string {
  return LOCALES[language] ?? language;
}

/**
 * The tesseract language of an Azure `locale` hint (en, en-US, zh-Hans-TW, de-CH...):
 * the longest leading part of the tag that is listed; undefined when none is.
 */
export function languageOfLocale(locale: string): string | undefined {
  const parts = locale.trim().toLowerCase().split("-");
  for (let count = parts.length; count > 0; count--) {
    const tag = parts.slice(0, count).join("-");
    const found = Object.entries(LOCALES).find(([, listed]) => listed.toLowerCase() === tag);
    if (found) return found[0];
  }
  return undefined;
}
