// The check lives in packages/shared: the API runs it on image headers at upload.
export { assertPagePixels } from "@ocrflow/shared/page-limits";
