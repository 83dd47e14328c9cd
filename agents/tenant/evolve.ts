import type { Message } from "../../events";
import { type ContentItem, type Publication, performanceKey, type TenantModel } from "./model";
import { addDays, earlierOf, laterOf } from "./timing";

/**
 * Folds one message (received or sent by the agent) into the model. Pure, and built so
 * that the same messages in any order, or any of them twice, give the same model: every
 * field is a set union, an earliest or a latest by the message's own times, never a sum.
 */
export function evolve(state: TenantModel, message: Message): TenantModel {
  switch (message.type) {
    case "research.requested":
      return {
        ...state,
        last_research_requested_at: laterOf(state.last_research_requested_at, message.timestamp),
      };
    case "research.completed":
      return {
        ...state,
        last_research_completed_at: laterOf(state.last_research_completed_at, message.timestamp),
      };
    case "content.ready": {
      const current =
        state.content[message.payload.content_id] ?? blankContent(message.payload.content_id);
      // The latest ready event wins the article's facts; an older one changes nothing.
      if (!isNewer(message, current.ready_at, current.ready_event_id)) return state;
      const next: ContentItem = {
        ...current,
        keyword: message.payload.keyword,
        word_count: message.payload.word_count,
        ready_at: message.timestamp,
        ready_event_id: message.event_id,
      };
      return { ...state, content: { ...state.content, [next.content_id]: next } };
    }
    case "content.published": {
      const { content_id, urls, published_at } = message.payload;
      const current = state.content[content_id] ?? blankContent(content_id);
      const next: ContentItem = {
        ...current,
        published_at: earlierOf(current.published_at, published_at),
        urls: [...new Set([...current.urls, ...urls])].sort(),
      };
      const publications = { ...state.publications };
      for (const url of urls)
        publications[url] = publish(state, publications[url], url, content_id, published_at);
      return { ...state, content: { ...state.content, [content_id]: next }, publications };
    }
    case "performance.requested": {
      const days = state.strategy.performance_check_days;
      const publications = { ...state.publications };
      for (const url of message.payload.urls) {
        const current = publications[url];
        if (!current) continue;
        publications[url] = {
          ...current,
          last_check_requested_at: laterOf(current.last_check_requested_at, message.timestamp),
          check_due_at:
            laterOf(current.check_due_at, addDays(message.timestamp, days)) ?? current.check_due_at,
        };
      }
      return { ...state, publications };
    }
    case "performance.report": {
      const { url, period, impressions, clicks, position } = message.payload;
      const key = performanceKey(url, period);
      const current = state.performance[key];
      if (current && !isNewer(message, current.reported_at, current.reported_event_id))
        return state;
      const record = {
        url,
        period,
        impressions,
        clicks,
        position,
        reported_at: message.timestamp,
        reported_event_id: message.event_id,
      };
      return { ...state, performance: { ...state.performance, [key]: record } };
    }
    default:
      return state;
  }
}

/**
 * Whether a message's fact replaces the one known (stamped `at` by event `by`): a later
 * time wins, and on equal times the greater event_id, so the same facts in any order
 * leave the same state. (A known fact from before event ids were kept loses a tie.)
 */
function isNewer(message: Message, at: string | null, by: string | null): boolean {
  if (at === null) return true;
  const difference = Date.parse(message.timestamp) - Date.parse(at);
  if (difference !== 0) return difference > 0;
  return by === null || message.event_id > by;
}

function blankContent(content_id: string): ContentItem {
  return {
    content_id,
    keyword: null,
    word_count: null,
    ready_at: null,
    ready_event_id: null,
    published_at: null,
    urls: [],
  };
}

/** A page goes live; its first check falls due `performance_check_days` after publishing. */
function publish(
  state: TenantModel,
  current: Publication | undefined,
  url: string,
  content_id: string,
  published_at: string,
): Publication {
  const days = state.strategy.performance_check_days;
  if (!current) {
    return {
      url,
      content_id,
      published_at,
      check_due_at: addDays(published_at, days),
      last_check_requested_at: null,
    };
  }
  const earliest = earlierOf(current.published_at, published_at) ?? published_at;
  return {
    ...current,
    published_at: earliest,
    // Until a check was asked for, the first one is due from the earliest publishing.
    check_due_at:
      current.last_check_requested_at === null ? addDays(earliest, days) : current.check_due_at,
  };
}
