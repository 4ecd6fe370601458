export * from "./choose-engine.ts";
export * from "./model-namer.ts";
export * from "./probe-tesseract.ts";
export * from "./ocr-backend-env.ts";
