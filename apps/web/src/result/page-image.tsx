import type { ApiResultPage } from "@ocrflow/shared/responses";
import { LOW_CONFIDENCE } from "./confidence.ts";

export interface PageImageProps {
  page: ApiResultPage;
  /** The page as the worker read it, scaled to fit; none for pages read before previews were kept. */
  imageUrl: string | null;
  active: number | null;
  onActive: (word: number | null) => void;
}

function wordIndexOf(target: EventTarget | null): number | null {
  const index = (target as Element | null)?.getAttribute?.("data-word");
  return index == null ? null : Number(index);
}

/**
 * The page with a box over each word, drawn in the page's own pixel space
 * (the SVG's viewBox is the page's width and height), so boxes stay on their
 * words at any size. Words below LOW_CONFIDENCE are marked.
 */
export function PageImage({ page, imageUrl, active, onActive }: PageImageProps) {
  return (
    <div class="page-image" style={{ aspectRatio: `${page.width} / ${page.height}` }}>
      {imageUrl ? (
        <img src={imageUrl} alt={`Page ${page.page} as read`} width={page.width} height={page.height} />
      ) : (
        <div class="no-image" />
      )}
      {/* biome-ignore lint/a11y/useKeyWithMouseEvents: the keyboard walks the words from the figure around this (arrow keys) */}
      <svg
        viewBox={`0 0 ${page.width} ${page.height}`}
        preserveAspectRatio="none"
        aria-hidden="true"
        onMouseOver={(event) => onActive(wordIndexOf(event.target))}
        onMouseLeave={() => onActive(null)}
      >
        {page.words.map((word, index) => {
          const { x0, y0, x1, y1 } = word.bbox;
          const classes = `word${word.confidence < LOW_CONFIDENCE ? " low" : ""}${index === active ? " active" : ""}`;
          return <rect key={index} data-word={index} class={classes} x={x0} y={y0} width={x1 - x0} height={y1 - y0} />;
        })}
      </svg>
    </div>
  );
}
