/** Pixel coordinates, origin top-left, in the space of the page's `width`/`height`. */
export type BoundingBox = { x0: number; y0: number; x1: number; y1: number };

/**
 * A word read from a page, with the layout tesseract found: the block,
 * paragraph and line it is in, each numbered from 1 in reading order across
 * the page (absent in results stored before they were kept).
 */
export type OcrWord = { text: string; confidence: number; bbox: BoundingBox; block?: number; paragraph?: number; line?: number };

/** What the engine reads from one image; confidences are 0-100. */
export type PageOcr = {
  text: string;
  confidence: number;
  words: OcrWord[];
  hocr: string;
};

/** One page as decoded from the input file, before preprocessing; `page` is 1-based. */
export type PageImage = { page: number; image: Buffer };

export type PageSource = {
  pageCount: number;
  pages: AsyncIterable<PageImage>;
};

export type ReadPagesOptions = {
  /** PDF render scale: 1 = 72 dpi. */
  pdfScale?: number;
  /** 1-based page to start from, to resume a document. */
  startPage?: number;
  /** A page with more pixels fails with TOO_MANY_PIXELS before it is decoded or rendered. */
  maxPagePixels?: number;
  /** PDF pages not to render (their text is taken from the PDF); asked when the page is reached. */
  skipPage?: (page: number) => boolean;
};

/** What preprocessing did to a page: speckle removal, the skew it straightened (degrees), upscaling. */
export type Corrections = { denoised: boolean; skewDegrees: number; scale: number };

/**
 * The image handed to the engine; its width/height are the coordinate space of its words.
 * `blank`: no mark larger than a speck, so there is nothing to read.
 */
export type PreparedImage = { image: Buffer; width: number; height: number; blank: boolean; corrections: Corrections };

/** Degrees a page is turned clockwise to stand upright. */
export type Rotation = 0 | 90 | 180 | 270;

/** What orientation detection found: the turn that makes the page upright, and how sure it is (tesseract OSD's scale, > 2 is fair). */
export type Orientation = { rotation: Rotation; confidence: number };

/**
 * `width`/`height` are those of the prepared image, turned upright by `rotation`;
 * word boxes and hOCR use that upright space.
 * `preview`: that image as a small WebP (see page-preview.ts), when asked for.
 */
export type PageResult = PageOcr & {
  page: number;
  width: number;
  height: number;
  rotation: Rotation;
  preview?: Buffer;
  source?: PageSourceKind;
};

/** Where a page's words come from: OCR, or the PDF's own text layer (textLayer job option). */
export type PageSourceKind = "ocr" | "embedded";

export type OcrResult = {
  pageCount: number;
  pages: PageResult[];
  text: string;
  confidence: number;
  processingMs: number;
};

export type PageProgress = { page: number; pageCount: number; result: PageResult };

/** How one page is read; every field optional, an engine ignores what it cannot use. */
export type RecognizeOptions = {
  /** Aborting stops the page where the engine can (the native engine kills its process). */
  signal?: AbortSignal;
  /**
   * How the engine looks for text. `page` (default): columns, paragraphs and
   * lines of a page (tesseract PSM 3); `sparse`: as much text as it finds, in no
   * order, with no page assumed (PSM 11), for photos, signs and figure labels.
   */
  layout?: "page" | "sparse";
};

export type OcrEngine = {
  /** Pages it recognises at once (per language set); 1 when not said. */
  readonly concurrency?: number;
  /** Starts the workers of a language set now, rather than on the first page. */
  warmUp(languages: string[]): Promise<void>;
  /**
   * The engine and model it reads `languages` with (ocrModelIdentity in
   * @ocrflow/shared/model-identity): stored with each result, and part of its cache key.
   */
  modelIdentity(languages: string[]): Promise<string>;
  recognize(image: Buffer, languages: string[], options?: RecognizeOptions): Promise<PageOcr>;
  /** The page's orientation (0/90/180/270); engines without it leave pages as they come. */
  detectOrientation?(image: Buffer): Promise<Orientation>;
  terminate(): Promise<void>;
};

/** The subset of a winston/pino logger the OCR code uses. */
export type OcrLogger = {
  info(message: string, meta?: Record<string, unknown>): void;
  warn(message: string, meta?: Record<string, unknown>): void;
};
