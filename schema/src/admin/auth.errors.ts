/**
 * The request's credentials are missing a part, wrong, expired or revoked: the server answers
 * 401 with this message, before any resolver runs.
 */
export class AuthenticationError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'AuthenticationError';
  }
}
