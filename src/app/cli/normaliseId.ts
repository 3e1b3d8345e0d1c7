/**
 * An id as an operator may type it, in the form the platforms send it: a phone number loses its `+`,
 * spaces, dots, dashes and brackets (`+91 98765-43210` → `919876543210`, as WhatsApp's `wa_id`); any
 * other id (a PSID, an Emulator id) is only trimmed.
 */
export function normaliseId(typed: string): string {
  const trimmed = typed.trim();
  return /^\+?[\d\s().-]{8,}$/.test(trimmed) ? trimmed.replace(/\D/g, '') : trimmed;
}
