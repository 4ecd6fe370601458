/** A page's size in pixels, as its file's header declares it. */
export interface PageSize {
  width: number;
  height: number;
}

/** What an image's headers and tables tell without decoding a pixel. */
export interface ImagePages {
  pageCount: number;
  /** The size of each page read: all of them, or the first (GIF frames are all drawn at the screen's size). */
  pages: PageSize[];
  /** false when the file ends before the data its structure announces (a cut upload). */
  complete: boolean;
}
