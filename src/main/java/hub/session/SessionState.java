package hub.session;

/**
 * Life of a session. Transitions only move forward: PRECONNECT, then CONNECTING while a token is being verified,
 * then ACTIVE, and CLOSED from any of them. A connect that fails falls back to PRECONNECT, under the same deadline.
 */
public enum SessionState {
  /** Upgraded, holding nothing but its connect deadline. */
  PRECONNECT,
  /** A connect command is being verified; later commands wait behind it. */
  CONNECTING,
  /** Authenticated; may subscribe and publish. */
  ACTIVE,
  /** Released; every further event is ignored. */
  CLOSED
}
