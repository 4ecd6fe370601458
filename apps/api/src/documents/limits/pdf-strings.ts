const ESCAPES: Record<string, number> = { n: 10, r: 13, t: 9, b: 8, f: 12, "(": 40, ")": 41, "\\": 92 };

/**
 * The bytes of the PDF string value of `key` in a dictionary's text (read as
 * latin1): a hex string `<...>` or a literal `(...)` with its escapes and
 * nested parentheses. Undefined when the key is absent or holds no string.
 */
export function pdfStringValue(dictionary: string, key: string): Buffer | undefined {
  const match = new RegExp(`/${key}\\s*([<(])`).exec(dictionary);
  if (!match) return undefined;
  const start = match.index + match[0].length;
  return match[1] === "<" ? hexString(dictionary, start) : literalString(dictionary, start);
}

/** The first string of an array value, e.g. the first file identifier of `/ID [<...> <...>]`. */
export function pdfFirstArrayString(dictionary: string, key: string): Buffer | undefined {
  const match = new RegExp(`/${key}\\s*\\[\\s*`).exec(dictionary);
  if (!match) return undefined;
  return pdfStringValue(`/${key} ${dictionary.slice(match.index + match[0].length)}`, key);
}

function hexString(text: string, start: number): Buffer | undefined {
  const end = text.indexOf(">", start);
  if (end < 0) return undefined;
  const hex = text.slice(start, end).replace(/\s+/g, "");
  if (!/^[0-9a-fA-F]*$/.test(hex)) return undefined;
  return Buffer.from(hex.length % 2 ? `${hex}0` : hex, "hex");
}

function literalString(text: string, start: number): Buffer | undefined {
  const bytes: number[] = [];
  let depth = 1;
  for (let at = start; at < text.length; at += 1) {
    const char = text[at]!;
    if (char === "\\") {
      const next = text[at + 1] ?? "";
      const octal = /^[0-7]{1,3}/.exec(text.slice(at + 1, at + 4))?.[0];
      if (octal) {
        bytes.push(Number.parseInt(octal, 8) & 0xff);
        at += octal.length;
      } else if (next === "\r" || next === "\n") {
        at += next === "\r" && text[at + 2] === "\n" ? 2 : 1;
      } else {
        bytes.push(ESCAPES[next] ?? next.charCodeAt(0));
        at += 1;
      }
      continue;
    }
    if (char === "(") depth += 1;
    if (char === ")" && --depth === 0) return Buffer.from(bytes);
    bytes.push(char.charCodeAt(0) & 0xff);
  }
  return undefined;
}
