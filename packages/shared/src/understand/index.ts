export { CATEGORIES, type Category } from "./categories.ts";
export { type Classification, classifyCategory } from "./classify-category.ts";
export { detectLanguage } from "./detect-language.ts";
export { IDENTIFIER_TYPES, SENSITIVE_TYPES } from "./find-identifiers.ts";
export { type OwnerModel, trainOwnerModel } from "./owner-classifier.ts";
export { readPageIdentifiers, type ResultIdentifier } from "./page-identifiers.ts";
export type { UnderstandPage, UnderstandWord } from "./page-lines.ts";
export { type DocumentMetadata, understandDocument } from "./understand-document.ts";
