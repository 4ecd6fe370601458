/** Types of encode-grey-png.mjs (plain JavaScript: the PDF renderer process runs without tsx). */
export function encodeGreyPng(rgba: Uint8Array, width: number, height: number): Buffer | undefined;
