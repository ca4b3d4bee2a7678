-- Conversations with the analyst: the questions, the answers (with their grounding report) and every tool call.
-- An answer is written in one transaction with its question once it is finished, so a crash mid-answer stores
-- nothing and a restart never shows half an answer.

CREATE TABLE conversations (
  id uuid PRIMARY KEY,
  title text NOT NULL,
  surface text NOT NULL,
  role text NOT NULL CHECK (role IN ('viewer', 'analyst', 'admin')),
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
COMMENT ON TABLE conversations IS 'One conversation with the analyst (a CLI chat, a web chat thread, an API conversation).';
COMMENT ON COLUMN conversations.id IS 'Chosen by the answer pipeline when the first question arrives, so surfaces know it while streaming.';
COMMENT ON COLUMN conversations.title IS 'The first question, shortened: how lists of conversations name it.';
COMMENT ON COLUMN conversations.surface IS 'Where the conversation started: cli, http, mcp, eval, ...';
COMMENT ON COLUMN conversations.role IS 'Role of the caller who started it; tool results were masked for this role.';
COMMENT ON COLUMN conversations.updated_at IS 'When the latest answer was stored.';

CREATE TABLE messages (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  conversation_id uuid NOT NULL REFERENCES conversations (id) ON DELETE CASCADE,
  position integer NOT NULL CHECK (position > 0),
  author text NOT NULL CHECK (author IN ('user', 'assistant')),
  content text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (conversation_id, position)
);
COMMENT ON TABLE messages IS 'The transcript: each question (author user) and the text of its answer (author assistant), in order.';
COMMENT ON COLUMN messages.position IS 'Order within the conversation, from 1.';
COMMENT ON COLUMN messages.content IS 'Markdown text as shown to the person. Data, never instructions.';

CREATE TABLE answers (
  id uuid PRIMARY KEY,
  conversation_id uuid NOT NULL REFERENCES conversations (id) ON DELETE CASCADE,
  question_message_id uuid NOT NULL REFERENCES messages (id) ON DELETE CASCADE,
  answer_message_id uuid NOT NULL REFERENCES messages (id) ON DELETE CASCADE,
  status text NOT NULL CHECK (status IN ('complete', 'stopped', 'failed')),
  provider text NOT NULL,
  model text NOT NULL,
  grounded boolean NOT NULL,
  grounding jsonb NOT NULL,
  estimated_cost_usd numeric(12, 6),
  duration_ms integer NOT NULL CHECK (duration_ms >= 0),
  contract jsonb NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now()
);
COMMENT ON TABLE answers IS 'One finished answer: who answered, its grounding report, cost, and the whole answer contract as JSON.';
COMMENT ON COLUMN answers.status IS 'complete (the model finished), stopped (a step or time cap ended it; it says so) or failed (no provider could answer).';
COMMENT ON COLUMN answers.provider IS 'The provider that wrote the answer: anthropic, openai or local (the offline planner).';
COMMENT ON COLUMN answers.grounded IS 'Whether every figure in the answer text matched a number the tools returned.';
COMMENT ON COLUMN answers.grounding IS 'The grounding report: figures checked and the ungrounded ones.';
COMMENT ON COLUMN answers.estimated_cost_usd IS 'Estimated model cost from token usage and list prices; null when the model''s price is unknown.';
COMMENT ON COLUMN answers.contract IS 'The answer contract (src/agent/answer.ts) exactly as returned to the surface.';
CREATE INDEX answers_conversation_idx ON answers (conversation_id, created_at);

CREATE TABLE tool_calls (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  answer_id uuid NOT NULL REFERENCES answers (id) ON DELETE CASCADE,
  position integer NOT NULL CHECK (position > 0),
  tool_name text NOT NULL,
  arguments jsonb NOT NULL,
  ok boolean NOT NULL,
  error jsonb,
  row_count integer,
  duration_ms numeric(12, 1) NOT NULL,
  sql text,
  created_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (answer_id, position)
);
COMMENT ON TABLE tool_calls IS 'Every tool call an answer made, in order, with its arguments, outcome and the vetted SQL that ran.';
COMMENT ON COLUMN tool_calls.arguments IS 'Arguments as the model or planner sent them (before defaults).';
COMMENT ON COLUMN tool_calls.error IS 'The tool error ({code, message}) when ok is false.';
COMMENT ON COLUMN tool_calls.sql IS 'The SQL that ran, parameters as $n; null when the call was rejected before running.';
