import "express";

declare global {
  namespace Express {
    interface Request {
      /** Set by the request-id middleware on every request. */
      id: string;
      /** Set by the auth middleware on /api/v1 routes. */
      user?: { id: string; keyId: string };
    }
  }
}
