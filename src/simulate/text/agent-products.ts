/**
 * Agent products customers build on the API, for benign `agent_step` prompts: each has a system
 * prompt, declared tools, user requests that start a loop, and tool results that continue one.
 * Slots are world slots (world.ts) plus {module}/{module2} for code bases.
 */

export interface AgentProduct {
  system: string;
  tools: readonly string[];
  /** First messages of a loop (the user's request). */
  requests: readonly string[];
  /** Later steps: a tool's result fed back to the model, `[tool name, JSON result]`. */
  observations: readonly (readonly [tool: string, result: string])[];
}

export const MODULES: readonly string[] = [
  'billing', 'auth', 'parser', 'scheduler', 'invoices', 'search', 'notifications', 'reports', 'users', 'cache', 'export', 'pricing',
];

export const AGENT_PRODUCTS: readonly AgentProduct[] = [
  {
    system: "You are Forge, a coding agent working inside the user's repository. Use the tools to inspect and change files and to run commands. Make minimal, correct changes and run the tests before you finish.",
    tools: ['list_files', 'read_file', 'write_file', 'run_shell', 'run_tests'],
    requests: [
      'The tests in tests/test_{module}.py fail since my last commit. Can you fix them?',
      'Add input validation to the {module} API handlers and update the tests.',
      'Rename the {module} package to {module2} and fix all the imports.',
      '`npm run build` fails with a type error in src/{module}/index.ts. Please fix it.',
      'Add a --dry-run flag to the {module} CLI command.',
      'Write unit tests for src/{module}.py; coverage is under 40%.',
    ],
    observations: [
      ['run_tests', '{"passed": 41, "failed": 2, "failures": ["tests/test_{module}.py::test_round_trip", "tests/test_{module}.py::test_empty_input"]}'],
      ['read_file', '{"path": "src/{module}/__init__.py", "content": "from .core import load, save\\n\\n__all__ = [\\"load\\", \\"save\\"]\\n"}'],
      ['run_shell', '{"exit_code": 1, "stdout": "", "stderr": "error TS2345: Argument of type \'string | undefined\' is not assignable to parameter of type \'string\'.\\n  src/{module}/index.ts:{n}:18"}'],
      ['list_files', '{"dir": "src/{module}", "files": ["__init__.py", "core.py", "models.py", "utils.py"]}'],
    ],
  },
  {
    system: 'You are TripMate, a travel assistant. You can search flights, book hotels, check the weather and add events to the calendar. Confirm prices with the user before booking anything.',
    tools: ['search_flights', 'book_hotel', 'get_weather', 'create_calendar_event', 'convert_currency'],
    requests: [
      'I need to be in {city} on {weekday} morning for a meeting. Find me a flight from {city2}.',
      'Find a hotel near the centre of {city} for {n} nights, under {amount} {currency} a night.',
      "What's the weather going to be like in {city} this weekend? Should I pack an umbrella?",
      'Put my flight to {city} in my calendar and remind me the day before.',
    ],
    observations: [
      ['search_flights', '{"results": [{"flight": "XK{order}", "to": "{city}", "from": "{city2}", "depart": "07:{n}5", "price": {amount}, "currency": "{currency}"}, {"flight": "LM2{n}1", "to": "{city}", "from": "{city2}", "depart": "09:40", "price": 3{amount}, "currency": "{currency}"}]}'],
      ['get_weather', '{"location": "{city}", "forecast": [{"day": "{weekday}", "high_c": 2{n}, "low_c": 1{n}, "rain_probability": 0.{n}}]}'],
      ['book_hotel', '{"status": "pending_confirmation", "hotel": "Hotel Central {city}", "nights": {n}, "total": {amount}{n}, "currency": "{currency}"}'],
    ],
  },
  {
    system: "You are the support agent of an online shop. Look up the customer's orders before answering. You may refund up to 100 EUR without approval; otherwise create a ticket for a human.",
    tools: ['crm_lookup', 'get_order_status', 'refund_order', 'create_ticket', 'send_email'],
    requests: [
      'Hi, order #{order} never arrived. Can I get a refund?',
      'I was charged twice for order #{order}.',
      'Where is my parcel? Order #{order}, placed {n} days ago.',
      'The item in order #{order} arrived broken, what now?',
    ],
    observations: [
      ['get_order_status', '{"order_id": "{order}", "status": "in_transit", "carrier": "Parcelly", "last_scan": "{city} depot", "days_since_dispatch": {n}}'],
      ['crm_lookup', '{"customer_id": "C{order}", "name": "{person}", "orders_last_year": {n}, "lifetime_value": {amount}, "open_tickets": 0}'],
      ['refund_order', '{"order_id": "{order}", "refunded": {amount}, "currency": "EUR", "status": "ok"}'],
    ],
  },
  {
    system: 'You are a research assistant. Search the web, read sources and answer with citations in [n] form. Prefer primary sources and say when the evidence is thin.',
    tools: ['web_search', 'fetch_url'],
    requests: [
      'Find recent studies on {news} and summarise the main findings.',
      'What are the main arguments for and against {news}? Cite sources.',
      'Give me a short briefing on {news} with the three most important developments this year.',
    ],
    observations: [
      ['web_search', '{"query": "{news} latest research", "results": [{"title": "New report on {news}", "url": "https://example.org/reports/{order}"}, {"title": "{news}: what we know", "url": "https://news.example.com/{n}/analysis"}]}'],
      ['fetch_url', '{"url": "https://example.org/reports/{order}", "text": "Summary. The report reviews {n} studies on {news} published since 2020 and finds mixed evidence ..."}'],
    ],
  },
  {
    system: "You are a data analyst agent with read-only access to the company's PostgreSQL warehouse and a Python sandbox. Show the SQL you ran and explain the numbers in plain language.",
    tools: ['query_database', 'run_python'],
    requests: [
      'What was our revenue by region in {month}?',
      'Which {n} products had the biggest drop in sales since {month}?',
      'Plot weekly active users for the last {n} months and tell me if anything looks off.',
    ],
    observations: [
      ['query_database', '{"columns": ["region", "revenue"], "rows": [["EMEA", {amount}{n}00], ["NA", {amount}{n}50], ["APAC", {amount}900]], "row_count": 3}'],
      ['run_python', '{"stdout": "mean=1{n}.4 std=3.{n} n=52\\nanomaly weeks: [{n}, 3{n}]", "stderr": ""}'],
    ],
  },
  {
    system: 'You are an office assistant with access to the calendar, email and Slack. Never send messages without showing the draft first.',
    tools: ['find_free_slots', 'create_calendar_event', 'send_email', 'slack_post'],
    requests: [
      'Set up a 30-minute call with {person} next week.',
      'Tell #team that the {weekday} stand-up is moved to 10:30.',
      'Email {person} the notes from today and propose a follow-up on {weekday}.',
    ],
    observations: [
      ['find_free_slots', '{"attendees": ["{person}", "me"], "slots": ["{weekday} 10:00", "{weekday} 14:30", "{weekday} 16:00"]}'],
      ['send_email', '{"status": "draft_created", "to": "{person}", "subject": "Follow-up"}'],
    ],
  },
];
