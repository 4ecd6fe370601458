import type { ApiResultPage } from "@ocrflow/shared/responses";
import { useEffect, useMemo, useRef } from "preact/hooks";
import { LOW_CONFIDENCE } from "./confidence.ts";
import { segmentText } from "./text-segments.ts";

export interface PageTextProps {
  page: ApiResultPage;
  active: number | null;
  onActive: (word: number | null) => void;
}

/** The page's text as read, each word linked to its box: hovering either shows the other. */
export function PageText({ page, active, onActive }: PageTextProps) {
  const segments = useMemo(() => segmentText(page.text, page.words), [page]);
  const container = useRef<HTMLDivElement>(null);

  // The word picked on the image (or with the keys) is brought into view in the text.
  useEffect(() => {
    if (active === null) return;
    container.current?.querySelector(`[data-word="${active}"]`)?.scrollIntoView({ block: "nearest" });
  }, [active]);

  return (
    // biome-ignore lint/a11y/noStaticElementInteractions lint/a11y/useKeyWithMouseEvents: hover only echoes the word; the keyboard walks words from the page figure
    <div
      ref={container}
      class="page-text"
      onMouseOver={(event) => {
        const index = (event.target as Element).getAttribute("data-word");
        onActive(index === null ? null : Number(index));
      }}
      onMouseLeave={() => onActive(null)}
    >
      {segments.map((segment, index) => {
        if (segment.word === undefined) return segment.text;
        const word = page.words[segment.word]!;
        const classes = `${word.confidence < LOW_CONFIDENCE ? "low" : ""}${segment.word === active ? " active" : ""}`;
        return (
          <span key={index} data-word={segment.word} class={classes || undefined}>
            {segment.text}
          </span>
        );
      })}
    </div>
  );
}
