// ICAO Doc 9303 check digits: weights 7, 3, 1 over digit values (A=10 ... Z=35, '<' = 0).
const WEIGHTS = [7, 3, 1];

/** The check digit of an MRZ field. */
export function mrzCheckDigit(field: string): number {
  let sum = 0;
  for (let index = 0; index < field.length; index += 1) {
    const char = field[index]!;
    const value = /\d/.test(char) ? Number(char) : /[A-Z]/.test(char) ? char.charCodeAt(0) - 55 : 0;
    sum += value * WEIGHTS[index % 3]!;
  }
  return sum % 10;
}

function fieldValid(field: string, check: string | undefined): boolean {
  return check !== undefined && /^\d$/.test(check) && mrzCheckDigit(field) === Number(check);
}

export type MrzCheck = { format: "TD1" | "TD3"; valid: boolean; documentNumber: string };

/**
 * Checks a machine-readable zone: TD3 (passports, 2 lines of 44) or TD1 (ID
 * cards, 3 lines of 30). Every field check digit and the composite one must hold.
 */
export function checkMrz(lines: readonly string[]): MrzCheck | null {
  if (lines.length === 2 && lines.every((line) => line.length === 44)) {
    const second = lines[1]!;
    const fields: [string, string | undefined][] = [
      [second.slice(0, 9), second[9]],
      [second.slice(13, 19), second[19]],
      [second.slice(21, 27), second[27]],
    ];
    const composite = second.slice(0, 10) + second.slice(13, 20) + second.slice(21, 43);
    const valid = fields.every(([field, check]) => fieldValid(field, check)) && fieldValid(composite, second[43]);
    return { format: "TD3", valid, documentNumber: second.slice(0, 9).replace(/<+$/, "") };
  }
  if (lines.length === 3 && lines.every((line) => line.length === 30)) {
    const [first, second] = [lines[0]!, lines[1]!];
    const fields: [string, string | undefined][] = [
      [first.slice(5, 14), first[14]],
      [second.slice(0, 6), second[6]],
      [second.slice(8, 14), second[14]],
    ];
    const composite = first.slice(5, 30) + second.slice(0, 7) + second.slice(8, 15) + second.slice(18, 29);
    const valid = fields.every(([field, check]) => fieldValid(field, check)) && fieldValid(composite, second[29]);
    return { format: "TD1", valid, documentNumber: first.slice(5, 14).replace(/<+$/, "") };
  }
  return null;
}
