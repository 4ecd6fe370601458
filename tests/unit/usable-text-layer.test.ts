import { describe, expect, it } from "vitest";
import { isUsableTextLayer } from "../../apps/worker/src/ocr/text-layer/usable-text-layer.ts";

const words = (text: string) => text.split(" ").map((word) => ({ text: word }));

describe("isUsableTextLayer", () => {
  it("accepts a page of ordinary words, numbers and punctuation", () => {
    expect(isUsableTextLayer(words("Total due: 1,234.50 EUR — by 31 December (net).")).valueOf()).toBe(true);
  });

  it("accepts text in other scripts", () => {
    expect(isUsableTextLayer(words("Счёт на оплату № 17 от 3 марта"))).toBe(true);
  });

  it("refuses glyphs of a font without a Unicode map (private use, controls, U+FFFD)", () => {
    expect(isUsableTextLayer(words("\uE001\uE002\uE003 \uE004\uE005 \uE006\uE007\uE008"))).toBe(false);
    expect(isUsableTextLayer(words("\u0003\u0004\u0005 \u0006\u0007 \u0010\u0011\u0012"))).toBe(false);
    expect(isUsableTextLayer(words("\uFFFD\uFFFD \uFFFD\uFFFD\uFFFD \uFFFD"))).toBe(false);
  });

  it("refuses runs of symbols and a page with almost no text (a stamp over a scan)", () => {
    expect(isUsableTextLayer(words("!#$% &*() +/=? ~^~^ ;;::"))).toBe(false);
    expect(isUsableTextLayer(words("Page 3"))).toBe(false);
  });
});
