import type { CountryCode } from "libphonenumber-js/max";

// Where a phone number written without its country code is most likely from, by the document's language.
const COUNTRY_BY_LANGUAGE: Record<string, CountryCode> = {
  eng: "US",
  deu: "DE",
  fra: "FR",
  spa: "ES",
  ita: "IT",
  nld: "NL",
  por: "PT",
  pol: "PL",
  hin: "IN",
};

export function phoneCountryOf(language: string): CountryCode | undefined {
  return COUNTRY_BY_LANGUAGE[language];
}
