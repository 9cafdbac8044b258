/** A message queue, as the handlers see it. */
export interface Queue<M> {
  /** Sends the messages, in batches of up to ten; resolves when every one was accepted. */
  sendAll(messages: readonly M[]): Promise<void>;
}
