/** Sends a complete MIME message. */
export interface Mailer {
  sendRaw(message: { readonly from: string; readonly to: string; readonly raw: string }): Promise<void>;
}
