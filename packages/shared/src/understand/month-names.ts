// Month names and their common abbreviations in the languages ocrflow reads most, lower case, to month number.
const MONTHS: Record<string, string[]> = {
  eng: ["january", "february", "march", "april", "may", "june", "july", "august", "september", "october", "november", "december"],
  deu: ["januar", "februar", "märz", "april", "mai", "juni", "juli", "august", "september", "oktober", "november", "dezember"],
  fra: ["janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre", "novembre", "décembre"],
  spa: ["enero", "febrero", "marzo", "abril", "mayo", "junio", "julio", "agosto", "septiembre", "octubre", "noviembre", "diciembre"],
  ita: ["gennaio", "febbraio", "marzo", "aprile", "maggio", "giugno", "luglio", "agosto", "settembre", "ottobre", "novembre", "dicembre"],
  nld: ["januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus", "september", "oktober", "november", "december"],
  por: ["janeiro", "fevereiro", "março", "abril", "maio", "junho", "julho", "agosto", "setembro", "outubro", "novembro", "dezembro"],
};

export const MONTH_NUMBERS: ReadonlyMap<string, number> = (() => {
  const numbers = new Map<string, number>();
  for (const names of Object.values(MONTHS)) {
    names.forEach((name, index) => {
      numbers.set(name, index + 1);
      // "Dec", "déc", "Sept": the first three or four letters, as printed abbreviations.
      numbers.set(name.slice(0, 3), index + 1);
      numbers.set(name.slice(0, 4), index + 1);
    });
  }
  // "mar" is March in English and French, "mai" May; "jun"/"jul" would clash with nothing.
  return numbers;
})();

export const MONTH_PATTERN = [...MONTH_NUMBERS.keys()].sort((a, b) => b.length - a.length).join("|");
