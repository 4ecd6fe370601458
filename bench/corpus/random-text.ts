const WORDS = (
  "the of and to in is that for it as was with be by on not this are or from at which but have an they " +
  "you were her she there been one all we their has would when if so no out up into do any your what more " +
  "time could them other than then now its only some my over also new these may like after first two very " +
  "just where most know get through back much before good well way down should because long each those " +
  "people how too little state great old year off come since against last might under never same another " +
  "while left part take three here use work without right point general high system every public invoice " +
  "report river station library village office account number total amount payment delivery address"
).split(" ");

/** A small seeded generator (mulberry32): the same seed gives the same corpus on every run. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Sentence-like lines of 45-65 characters, with a number now and then, as on a letter or report. */
export function randomLines(random: () => number, count: number): string[] {
  const pick = () => WORDS[Math.floor(random() * WORDS.length)]!;
  return Array.from({ length: count }, () => {
    const words: string[] = [];
    while (words.join(" ").length < 45) words.push(random() < 0.08 ? String(Math.floor(random() * 9000) + 100) : pick());
    const line = words.join(" ");
    return `${line[0]!.toUpperCase()}${line.slice(1)}${random() < 0.7 ? "." : ","}`;
  });
}
