import { z } from "zod";

// Building blocks of response bodies. Unlike catalog payloads, answers are read by
// clients that may be older than the server, so nothing here is bounded or strict:
// a field the server adds later, a longer text or a larger count never fails a parse.

export const text = z.string();
export const maybeText = z.string().nullable();
export const count = z.number();
export const maybeCount = z.number().nullable();

/** Any JSON value: an event's payload, a dead letter's body, as the server decoded them. */
export const anyJson = z.unknown();

/** A JSON object of any shape (OpenAPI fragments, JSON Schemas). */
export const jsonObject = z.record(z.string(), z.unknown());
