/** Words OCR was less sure of than this (0-100) are marked for checking. */
export const LOW_CONFIDENCE = 60;
