/** A generated English invoice with known fields, as the understanding tests and the bench read it. */
export const ENGLISH_INVOICE = {
  lines: [
    "ACME Supplies Ltd",
    "12 High Street, London",
    "INVOICE",
    "Invoice No. INV-2026-0042",
    "Invoice date: 04/03/2026",
    "Due date: 25/03/2026",
    "Widget 2 x 10.00 EUR 20.00 EUR",
    "VAT 19% 3.80 EUR",
    "Total 23.80 EUR",
    "IBAN DE89 3704 0044 0532 0130 00",
    "Paid by card 4111 1111 1111 1111",
    "billing@acme.example",
  ],
  card: "4111 1111 1111 1111",
};

/** A water bill whose words mark no category: the classifier says other until its owner files such bills. */
export function waterBill(reference: string, reading: number, nextMonth = "June"): string[] {
  return [
    "Northwind Water Company",
    `Customer reference NW-${reference}`,
    `Meter reading ${reading} cubic metres`,
    `Previous reading ${reading - 223} cubic metres`,
    "Consumption 223 cubic metres",
    `Next reading expected in ${nextMonth}`,
    "Water quality information at our offices",
  ];
}
