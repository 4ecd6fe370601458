import { CATEGORIES, type Category } from "./categories.ts";

/**
 * What an owner's corrections taught: for each category they filed documents
 * under, the weight of each word in those documents (summed term frequencies,
 * each document normalised), as paperless-ngx learns from the documents its
 * users sorted. Built from the corrected documents' text when needed.
 */
export type OwnerModel = { categories: Map<Category, Map<string, number>>; documents: number };

// How similar (cosine, 0-1) a document must be to the owner's filed ones before their choice counts.
const MIN_SIMILARITY = 0.35;
// Heavier than any single rule: the owner's own choice for documents like this one wins.
const LEARNED_WEIGHT = 8;

/** Lower-case words of three letters or more; digits and punctuation say little about the kind of document. */
export function tokensOf(text: string): string[] {
  return (text.toLowerCase().match(/\p{L}{3,}/gu) ?? []).slice(0, 5000);
}

function vectorOf(text: string): Map<string, number> {
  const counts = new Map<string, number>();
  for (const token of tokensOf(text)) counts.set(token, (counts.get(token) ?? 0) + 1);
  const norm = Math.sqrt([...counts.values()].reduce((sum, count) => sum + count * count, 0)) || 1;
  for (const [token, count] of counts) counts.set(token, count / norm);
  return counts;
}

function cosine(a: Map<string, number>, b: Map<string, number>): number {
  let dot = 0;
  let normA = 0;
  let normB = 0;
  for (const [token, weight] of a) {
    normA += weight * weight;
    dot += weight * (b.get(token) ?? 0);
  }
  for (const weight of b.values()) normB += weight * weight;
  return normA === 0 || normB === 0 ? 0 : dot / Math.sqrt(normA * normB);
}

/** The model of an owner's corrected documents (their text and the category they gave it). */
export function trainOwnerModel(corrected: readonly { text: string; category: string }[]): OwnerModel {
  const categories = new Map<Category, Map<string, number>>();
  for (const document of corrected) {
    if (!(CATEGORIES as readonly string[]).includes(document.category)) continue;
    const weights = categories.get(document.category as Category) ?? new Map<string, number>();
    for (const [token, weight] of vectorOf(document.text)) weights.set(token, (weights.get(token) ?? 0) + weight);
    categories.set(document.category as Category, weights);
  }
  return { categories, documents: corrected.length };
}

/** The category the owner's corrections point to for this text, when it is close enough to what they filed. */
export function scoreWithOwnerModel(model: OwnerModel, text: string): { category: Category; weight: number; signal: string } | null {
  const vector = vectorOf(text);
  let best: { category: Category; similarity: number } | null = null;
  for (const [category, weights] of model.categories) {
    const similarity = cosine(vector, weights);
    if (!best || similarity > best.similarity) best = { category, similarity };
  }
  if (!best || best.similarity < MIN_SIMILARITY) return null;
  return {
    category: best.category,
    weight: LEARNED_WEIGHT,
    signal: `like documents you filed as ${best.category} (similarity ${best.similarity.toFixed(2)})`,
  };
}
