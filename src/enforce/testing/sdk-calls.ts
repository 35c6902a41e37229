/**
 * One reasoning request per API and mode through the official SDKs, reduced to what the client
 * received: the answer text and the reasoning (undefined when none arrived).
 */
import type Anthropic from '@anthropic-ai/sdk';
import type OpenAI from 'openai';

export interface Received {
  text: string;
  reasoning: string | undefined;
  /** Anthropic thinking signature, when a thinking block arrived. */
  signature?: string;
}

export type Call = 'chat' | 'chat-stream' | 'messages' | 'messages-stream' | 'responses' | 'responses-stream';
export const ALL_CALLS: readonly Call[] = ['chat', 'chat-stream', 'messages', 'messages-stream', 'responses', 'responses-stream'];

export async function call(kind: Call, clients: { openai: OpenAI; anthropic: Anthropic }, prompt: string): Promise<Received> {
  switch (kind) {
    case 'chat': {
      const completion = await clients.openai.chat.completions.create({ model: 'sim-reasoner', reasoning_effort: 'high', messages: [{ role: 'user', content: prompt }] });
      const message = completion.choices[0]!.message as unknown as { content: string; reasoning_content?: string };
      return { text: message.content, reasoning: message.reasoning_content };
    }
    case 'chat-stream': {
      const stream = await clients.openai.chat.completions.create({ model: 'sim-reasoner', reasoning_effort: 'high', stream: true, messages: [{ role: 'user', content: prompt }] });
      let text = '';
      let reasoning: string | undefined;
      for await (const chunk of stream) {
        const delta = (chunk.choices[0]?.delta ?? {}) as { content?: string | null; reasoning_content?: string };
        text += delta.content ?? '';
        if (delta.reasoning_content !== undefined) reasoning = (reasoning ?? '') + delta.reasoning_content;
      }
      return { text, reasoning };
    }
    case 'messages':
    case 'messages-stream': {
      const params = { model: 'sim-claude', max_tokens: 3000, thinking: { type: 'enabled' as const, budget_tokens: 2000 }, messages: [{ role: 'user' as const, content: prompt }] };
      const message = kind === 'messages'
        ? await clients.anthropic.messages.create(params)
        : await clients.anthropic.messages.stream(params).finalMessage();
      const thinking = message.content.find((b) => b.type === 'thinking') as { thinking: string; signature: string } | undefined;
      const text = message.content.filter((b) => b.type === 'text').map((b) => (b as { text: string }).text).join('\n');
      return { text, reasoning: thinking?.thinking || undefined, ...(thinking ? { signature: thinking.signature } : {}) };
    }
    case 'responses':
    case 'responses-stream': {
      const params = { model: 'sim-reasoner', input: prompt, reasoning: { effort: 'medium' as const, summary: 'detailed' as const } };
      const response = kind === 'responses'
        ? await clients.openai.responses.create(params)
        : await clients.openai.responses.stream(params).finalResponse();
      const item = response.output.find((o) => o.type === 'reasoning') as { summary: Array<{ text: string }> } | undefined;
      const summary = item?.summary.map((s) => s.text).join('\n');
      return { text: response.output_text, reasoning: summary || undefined };
    }
  }
}
