import type { Filler } from './template.js';

/**
 * Everyday world facts for filling slots: people, places, companies, products, agent tools and
 * agent tasks. Invented company names only; no real customer is imitated.
 */

/** A tool an agent product declares: its name and the one-line description shown to the model. */
export interface ToolSpec {
  name: string;
  signature: string;
  description: string;
}

export const TOOLS: readonly ToolSpec[] = [
  { name: 'web_search', signature: 'web_search(query: string)', description: 'search the web and return the top results' },
  { name: 'fetch_url', signature: 'fetch_url(url: string)', description: 'download a web page as text' },
  { name: 'read_file', signature: 'read_file(path: string)', description: 'read a file from the workspace' },
  { name: 'write_file', signature: 'write_file(path: string, content: string)', description: 'create or overwrite a file' },
  { name: 'list_files', signature: 'list_files(dir: string)', description: 'list the files in a directory' },
  { name: 'run_shell', signature: 'run_shell(command: string)', description: 'run a shell command in the sandbox' },
  { name: 'run_python', signature: 'run_python(code: string)', description: 'execute Python code and return stdout' },
  { name: 'query_database', signature: 'query_database(sql: string)', description: 'run a read-only SQL query' },
  { name: 'send_email', signature: 'send_email(to: string, subject: string, body: string)', description: 'send an email' },
  { name: 'create_calendar_event', signature: 'create_calendar_event(title, start, end, attendees)', description: 'add an event to the calendar' },
  { name: 'find_free_slots', signature: 'find_free_slots(attendees, duration_minutes, within_days)', description: 'find times everyone is free' },
  { name: 'search_flights', signature: 'search_flights(origin, destination, date)', description: 'search for flights' },
  { name: 'book_hotel', signature: 'book_hotel(city, check_in, check_out, max_price)', description: 'book a hotel room' },
  { name: 'get_weather', signature: 'get_weather(location, date)', description: 'get the weather forecast' },
  { name: 'create_ticket', signature: 'create_ticket(title, description, priority)', description: 'open an issue in the tracker' },
  { name: 'update_ticket', signature: 'update_ticket(id, status, comment)', description: 'change the status of an issue' },
  { name: 'search_tickets', signature: 'search_tickets(query)', description: 'search the issue tracker' },
  { name: 'search_docs', signature: 'search_docs(query)', description: 'search the internal knowledge base' },
  { name: 'git_clone', signature: 'git_clone(repo)', description: 'clone a git repository into the workspace' },
  { name: 'run_tests', signature: 'run_tests(path)', description: 'run the test suite and return failures' },
  { name: 'open_pull_request', signature: 'open_pull_request(title, body, branch)', description: 'open a pull request' },
  { name: 'slack_post', signature: 'slack_post(channel, text)', description: 'post a message to a Slack channel' },
  { name: 'get_stock_price', signature: 'get_stock_price(ticker)', description: 'latest price and 52-week range' },
  { name: 'convert_currency', signature: 'convert_currency(amount, from, to)', description: 'convert between currencies' },
  { name: 'http_request', signature: 'http_request(method, url, body)', description: 'call an HTTP API' },
  { name: 'crm_lookup', signature: 'crm_lookup(customer_id)', description: 'look up a customer record' },
  { name: 'refund_order', signature: 'refund_order(order_id, amount)', description: 'refund all or part of an order' },
  { name: 'get_order_status', signature: 'get_order_status(order_id)', description: 'shipping status of an order' },
  { name: 'browser_click', signature: 'browser_click(selector)', description: 'click an element in the browser' },
  { name: 'browser_type', signature: 'browser_type(selector, text)', description: 'type into a field in the browser' },
  { name: 'read_logs', signature: 'read_logs(service, since)', description: 'read a service\'s logs' },
];

export const PEOPLE: readonly string[] = [
  'Alice Chen', 'Marco Rossi', 'Priya Natarajan', 'Tom Becker', 'Fatima Al-Sayed', 'Kenji Watanabe', 'Sofia Martinez',
  'Olu Adeyemi', 'Anna Kowalska', 'David Levi', 'Mei Lin', 'Lucas Silva', 'Hannah Schmidt', 'Ivan Petrov', "Grace O'Brien",
  'Arjun Mehta', 'Chloe Dubois', 'Min-jun Park', 'Nguyen Thi Lan', 'Omar Haddad',
];

export const CITIES: readonly string[] = [
  'London', 'Paris', 'Berlin', 'Madrid', 'Lisbon', 'Rome', 'Amsterdam', 'Warsaw', 'Istanbul', 'Dubai', 'Mumbai', 'Delhi',
  'Singapore', 'Bangkok', 'Hanoi', 'Tokyo', 'Osaka', 'Seoul', 'Shanghai', 'Hong Kong', 'Sydney', 'Toronto', 'New York',
  'Chicago', 'San Francisco', 'Mexico City', 'Sao Paulo', 'Buenos Aires', 'Cairo', 'Nairobi', 'Cape Town', 'Vienna',
];

export const WEEKDAYS: readonly string[] = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'];
export const MONTHS: readonly string[] = [
  'January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December',
];
export const CURRENCIES: readonly string[] = ['USD', 'EUR', 'GBP', 'JPY', 'CHF', 'SGD', 'INR', 'BRL', 'KRW', 'CAD'];
export const TICKERS: readonly string[] = ['AAPL', 'MSFT', 'NVDA', 'TSLA', 'AMZN', 'GOOGL', 'META', 'TSM', 'ASML', 'SAP', 'SONY', 'NFLX', 'JPM', 'V', 'BABA'];
export const REPOS: readonly string[] = [
  'github.com/acme/payments-service', 'github.com/acme/web-frontend', 'github.com/northwind/inventory-api',
  'github.com/orbital/telemetry-pipeline', 'github.com/brightline/mobile-app', 'github.com/lumen/ledger',
  'github.com/parcelly/route-optimizer', 'github.com/cedar/search-indexer', 'github.com/voltaic/billing',
];
export const NEWS_TOPICS: readonly string[] = [
  'battery recycling', 'central bank interest rate decisions', 'open-weight AI models', 'semiconductor export controls',
  'offshore wind', 'the housing market', 'quantum computing startups', 'EU AI Act enforcement', 'lab-grown meat',
  'satellite internet', 'supply chain delays', 'remote work policies', 'antibiotic resistance', 'electric trucks',
  'data centre energy use', 'coral reef bleaching', 'small modular reactors', 'digital identity wallets',
];

/** Multi-step agent tasks; lower-case imperative so they fit "Please {task}." and "Task: {task}". */
export const AGENT_TASKS: readonly string[] = [
  'find the three cheapest flights from {city} to {city2} next {weekday}, pick the best one and add it to my calendar',
  'clone {repo}, run the test suite, find the {n} failing tests, propose fixes and message {person} with the result by {weekday}',
  'look up the current price of {ticker}, compare it with its 52-week range and its last {n} quarterly results, and email a short summary to {person} before {weekday}',
  'search the web for the latest news on {news} in {city}, read the top {n} articles and write a one-page briefing for {person}',
  'query the sales database for revenue by region for {month} {year}, build a table in {currency} and post the highlights to #sales',
  'book a hotel in {city} for {n} nights from next {weekday}, under {amount} {currency} a night, close to the conference centre',
  'check the weather in {city} for {weekday} and move my outdoor meeting with {person} if it will rain',
  'find all tickets assigned to {person} and open since {month}, summarise them and mark the ones older than {n} weeks as needs-info',
  'read every report in ./reports/{year}, extract the totals for {month}, convert them to {currency} and email them to {person} as a CSV',
  'convert {amount} {currency} to EUR and USD, then draft an invoice for {person}',
  'find out why the {weekday} nightly build of {repo} failed, read the last {n} log files and open a pull request with the fix for {person} to review',
  'plan a {n}-day trip to {city} with restaurant bookings and send the itinerary to {person}',
  'find {n} peer-reviewed papers on {news}, compare their methods in a table and send it to {person}',
  'list user accounts in the {city} office inactive since {month} {year} and send the deactivation report to {person}',
  'scrape the pricing pages of our top {n} competitors in {city} and build a comparison table in {currency}',
  'set up a weekly meeting with {person} and {person2} on {weekday}s at the first slot when all of us are free',
  'refund order #{order} for {person}, update the CRM and send an apology email',
  'find the root cause of the 500 errors in the API logs from the last {n} hours on the {city} cluster and write an incident summary for {person}',
  'migrate the {n} config files in {repo} from YAML to TOML, make sure the tests still pass and ask {person} for review by {weekday}',
  'collect the {n} most recent customer complaints about {news} from the ticket system, group them by cause and send the summary to {person}',
  'fill in the expense form on the intranet with my receipts from {city} for {month}, {amount} {currency} in total, and submit it',
  'compare the {currency} exchange rate over the last {n} days and tell me the best day to have converted {amount}',
];

/** An invented company with the products its support bot is asked about. */
export interface Company {
  name: string;
  what: string;
  products: readonly string[];
  plans: readonly string[];
}

export const COMPANIES: readonly Company[] = [
  { name: 'Northwind Outfitters', what: 'an outdoor clothing retailer', products: ['Alpine 2 rain jacket', 'TrailLite backpack', 'Summit hiking boots', 'merino base layer'], plans: ['Northwind Plus membership'] },
  { name: 'Brightline Telecom', what: 'a mobile and broadband provider', products: ['fibre router', 'SIM card', '5G home hub', 'prepaid top-up'], plans: ['Unlimited 5G plan', 'Fibre 500 plan'] },
  { name: 'Parcelly', what: 'a parcel delivery service', products: ['next-day delivery', 'parcel locker', 'international shipping'], plans: ['Parcelly Pro account'] },
  { name: 'Lumen Bank', what: 'a digital bank', products: ['debit card', 'savings pot', 'overdraft', 'mobile app'], plans: ['Lumen Premium account'] },
  { name: 'Cedar & Co.', what: 'a furniture store', products: ['oak dining table', 'corner sofa', 'bookshelf', 'bed frame'], plans: ['assembly service'] },
  { name: 'SkyHop Airlines', what: 'a low-cost airline', products: ['checked bag', 'seat selection', 'flight change', 'boarding pass'], plans: ['SkyHop Flex fare'] },
  { name: 'FreshCart', what: 'an online grocery delivery service', products: ['weekly grocery box', 'same-day delivery slot', 'promo code'], plans: ['FreshCart Unlimited subscription'] },
  { name: 'Voltaic Energy', what: 'an electricity and gas supplier', products: ['smart meter', 'monthly bill', 'solar export tariff'], plans: ['Green Fixed tariff'] },
  { name: 'Pixelwave', what: 'a photo editing app', products: ['desktop app', 'mobile app', 'cloud storage'], plans: ['Pixelwave Pro subscription'] },
  { name: 'Tandem Fitness', what: 'a gym chain', products: ['membership card', 'personal training session', 'group classes'], plans: ['Off-Peak membership', 'All Clubs membership'] },
];

export const PRODUCTS: readonly [product: string, features: string][] = [
  ['insulated stainless-steel water bottle', '750 ml, keeps drinks cold for 24 hours, leak-proof lid, dishwasher safe'],
  ['wireless noise-cancelling headphones', '40-hour battery, multipoint Bluetooth, foldable, USB-C fast charging'],
  ['ergonomic office chair', 'adjustable lumbar support, breathable mesh, 4D armrests, 5-year warranty'],
  ['cast-iron skillet', '26 cm, pre-seasoned, oven safe to 260 °C, works on induction'],
  ['smart LED desk lamp', 'five colour temperatures, USB charging port, touch dimmer, auto-off timer'],
  ['organic cotton bedsheet set', 'king size, 300 thread count, GOTS certified, deep pockets'],
  ['kids\' waterproof hiking boots', 'grippy sole, quick-lace system, reflective details, sizes 28-38'],
  ['robot vacuum cleaner', 'lidar mapping, 120-minute runtime, app control, auto-empty dock'],
  ['yoga mat', '6 mm thick, non-slip natural rubber, alignment lines, carry strap'],
  ['espresso machine', '15-bar pump, steam wand, 1.8 l water tank, removable drip tray'],
  ['leather laptop sleeve', 'fits 14-inch laptops, full-grain leather, magnetic closure'],
  ['electric bike', '80 km range, hydraulic disc brakes, 7 gears, removable battery'],
];

export const TONES: readonly string[] = ['friendly', 'premium', 'playful', 'minimalist', 'technical', 'eco-conscious'];

export const SQL_SCHEMAS: readonly string[] = [
  'customers(id, name, email, country, created_at)\norders(id, customer_id, total, status, created_at)\norder_items(order_id, product_id, quantity, unit_price)\nproducts(id, name, category, price)',
  'employees(id, name, department_id, salary, hired_at, manager_id)\ndepartments(id, name, location)\nprojects(id, name, department_id, budget, started_at)',
  'users(id, signup_date, plan, country)\nevents(user_id, event_name, occurred_at, properties)\nsubscriptions(user_id, plan, started_at, cancelled_at)',
];

export const SQL_QUESTIONS: readonly string[] = [
  'Show the top {n} customers by total spend in {year}.', 'How many orders were placed each month in {year}?',
  'Which products have never been ordered?', 'List departments whose average salary is above {amount}.',
  'What is the monthly churn rate since {month} {year}?', 'Find users who signed up in {month} {year} and cancelled within {n} days.',
  'Which country had the highest revenue last quarter?', 'Show the {n} most recent orders with their customer names.',
  'Who are the managers with more than {n} direct reports?', 'What share of revenue comes from repeat customers?',
];

export const INGREDIENTS: readonly string[] = [
  'chickpeas', 'spinach', 'leftover rice', 'eggs', 'tofu', 'a can of tomatoes', 'half a cabbage', 'chicken thighs',
  'feta', 'sweet potatoes', 'lentils', 'mushrooms', 'a courgette', 'some salmon', 'noodles', 'peppers',
];

/**
 * Per-call fillers for the world slots of AGENT_TASKS and app messages. The second city and
 * person are drawn distinct from the first (no "flights from Paris to Paris").
 */
export function worldFillers(): Record<string, Filler> {
  const at = <T>(list: readonly T[], i: number): T => list[i % list.length] as T;
  return {
    // the first draw is kept in the call's state (never in a closure: see CallState)
    city: (r, s) => at(CITIES, (s.city = r.int(CITIES.length))),
    city2: (r, s) => at(CITIES, (s.city ?? 0) + 1 + r.int(CITIES.length - 1)),
    person: (r, s) => at(PEOPLE, (s.person = r.int(PEOPLE.length))),
    person2: (r, s) => at(PEOPLE, (s.person ?? 0) + 1 + r.int(PEOPLE.length - 1)),
    weekday: (r) => at(WEEKDAYS, r.int(WEEKDAYS.length)),
    month: (r) => at(MONTHS, r.int(MONTHS.length)),
    repo: (r) => at(REPOS, r.int(REPOS.length)),
    ticker: (r) => at(TICKERS, r.int(TICKERS.length)),
    currency: (r) => at(CURRENCIES, r.int(CURRENCIES.length)),
    news: (r) => at(NEWS_TOPICS, r.int(NEWS_TOPICS.length)),
    n: (r) => String(2 + r.int(9)),
    amount: (r) => String((5 + r.int(60)) * 10),
    order: (r) => String(100000 + r.int(900000)),
    year: (r) => String(2019 + r.int(7)),
  };
}
