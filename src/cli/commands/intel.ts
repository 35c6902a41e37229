import { readFileSync, writeFileSync } from 'node:fs';
import { Command, Option } from 'commander';
import { DistillguardError } from '../../errors.js';
import { partnerByName, partnersOf, sharingKeyOf } from '../../intel/settings.js';
import type { TlpLevel } from '../../intel/stix/types.js';
import { parseNumberFlag, printRows, withDbOptions, withStore, type DbOptions } from '../common.js';

interface ExportFlags extends DbOptions {
  out: string;
  tlp?: TlpLevel;
  minScore?: number;
  validDays?: number;
  campaign?: string[];
}

interface ImportFlags extends DbOptions {
  in: string;
  partner?: string;
  trust?: number;
}

function readInput(path: string): Buffer {
  try {
    return path === '-' ? readFileSync(0) : readFileSync(path);
  } catch (cause) {
    throw new DistillguardError('FILE_NOT_READABLE', `cannot read ${path}: ${(cause as Error).message}`, { location: { file: path }, cause });
  }
}

/** `distillguard intel`: share detected campaigns with partners as STIX 2.1, import theirs, poll their TAXII servers. */
export function intelCommand(): Command {
  const intel = new Command('intel').description('threat-intelligence sharing: STIX 2.1 export and import, TAXII 2.1 polling (docs/INTEL.md)');

  const exportCmd = new Command('export')
    .description('write the detected campaigns as a STIX 2.1 bundle (no account ids, e-mails, prompts or responses; payment, e-mail and template fingerprints keyed)')
    .requiredOption('--out <file>', 'bundle file (JSON), or - for stdout')
    .addOption(new Option('--tlp <level>', 'TLP marking (default: intel.tlp, amber)').choices(['white', 'green', 'amber', 'red']))
    .addOption(new Option('--min-score <p>', 'only campaigns scoring at least this (default: intel.minCampaignScore)').argParser(parseNumberFlag('--min-score', 0, 1)))
    .addOption(new Option('--valid-days <n>', 'indicators stay valid this long after the campaign\'s last update (default: intel.validDays)').argParser(parseNumberFlag('--valid-days', 0.001, 3650)))
    .addOption(new Option('--campaign <id...>', 'only these campaigns (local ids)'))
    .addHelpText('after', '\nThe sharing key is read from the variable named by intel.sharingKeyEnv (DISTILLGUARD_INTEL_KEY);\nwithout it, template, payment and e-mail fingerprints are left out.');
  withDbOptions(exportCmd).action(async (flags: ExportFlags) => {
    await withStore(flags, async (store, config) => {
      // loaded when used: every other command starts without the STIX machinery
      const { buildExportBundle, exportOptionsFrom } = await import('../../intel/export/bundle.js');
      const key = sharingKeyOf(config.intel, process.env);
      const options = exportOptionsFrom(config.intel, key);
      const { bundle, report } = await buildExportBundle(store, {
        ...options,
        ...(flags.tlp ? { tlp: flags.tlp } : {}),
        ...(flags.minScore === undefined ? {} : { minCampaignScore: flags.minScore }),
        ...(flags.validDays === undefined ? {} : { validDays: flags.validDays }),
        ...(flags.campaign ? { campaignIds: flags.campaign } : {}),
      });
      const text = `${JSON.stringify(bundle, null, 2)}\n`;
      if (flags.out === '-') process.stdout.write(text);
      else {
        try {
          writeFileSync(flags.out, text);
        } catch (cause) {
          throw new DistillguardError('FILE_NOT_WRITABLE', `cannot write ${flags.out}: ${(cause as Error).message}`, { location: { file: flags.out }, cause });
        }
      }
      for (const note of report.notes) process.stderr.write(`note: ${note}\n`);
      const kinds = Object.entries(report.indicators).map(([k, n]) => `${n} ${k}`).join(', ') || 'no indicators';
      process.stderr.write(`exported ${report.campaigns} campaigns (${kinds}; ${report.objects} objects, TLP:${(flags.tlp ?? options.tlp).toUpperCase()}) to ${flags.out}\n`);
    });
  });

  const importCmd = new Command('import')
    .description('import a partner\'s STIX 2.1 bundle: validated (schemas, patterns, limits, producer), deduplicated, all or nothing')
    .requiredOption('--in <file>', 'bundle file (JSON), or - for stdin')
    .addOption(new Option('--partner <name>', 'the configured partner (intel.partners) it comes from: its identity and trust apply'))
    .addOption(new Option('--trust <t>', 'trust 0..1 in a producer that is not a configured partner (default: intel.defaultTrust)').argParser(parseNumberFlag('--trust', 0, 1)));
  withDbOptions(importCmd).action(async (flags: ImportFlags) => {
    await withStore(flags, async (store, config) => {
      const partner = flags.partner === undefined ? null : partnerByName(config.intel, flags.partner) ?? null;
      if (flags.partner !== undefined && partner === null) {
        throw new DistillguardError('CLI_USAGE', `--partner ${flags.partner}: no such partner in intel.partners`, { hint: `configured: ${partnersOf(config.intel).map((p) => p.name).join(', ') || 'none'}` });
      }
      const { importBundle } = await import('../../intel/import/ingest.js');
      const key = sharingKeyOf(config.intel, process.env);
      const { prepared, outcome } = await importBundle(store, config.intel, key, {
        input: readInput(flags.in), partner, origin: flags.in, ...(flags.trust === undefined ? {} : { trust: flags.trust }),
      });
      for (const warning of prepared.warnings) process.stderr.write(`warning: ${warning}\n`);
      process.stdout.write(`${JSON.stringify({
        source: prepared.source, source_identity: prepared.sourceId, trust: prepared.trust, bundle: prepared.bundleId,
        objects: prepared.summary.objects, indicators: prepared.summary.indicators, added: outcome.added, updated: outcome.updated,
        unchanged: outcome.unchanged, expired: prepared.summary.expired, not_matchable: prepared.summary.notMatchableCount,
        keyed_skipped: prepared.summary.keyedSkipped, tlp: prepared.summary.tlp,
      })}\n`);
    });
  });

  const pollCmd = new Command('poll')
    .description('poll the partners\' TAXII collections once (intel.partners[].collectionUrl) and import what is new')
    .addOption(new Option('--partner <name>', 'only this partner'));
  withDbOptions(pollCmd).action(async (flags: DbOptions & { partner?: string }) => {
    await withStore(flags, async (store, config) => {
      const { pollPartner } = await import('../../intel/taxii/client.js');
      const key = sharingKeyOf(config.intel, process.env);
      const partners = partnersOf(config.intel).filter((p) => p.collectionUrl && (flags.partner === undefined || p.name === flags.partner));
      if (partners.length === 0) throw new DistillguardError('CLI_USAGE', 'no partner to poll: configure intel.partners[].collectionUrl', { hint: 'see docs/INTEL.md, "Setting up a sharing relationship"' });
      for (const partner of partners) {
        const result = await pollPartner(store, config.intel, key, partner, process.env);
        for (const warning of result.imported?.prepared.warnings ?? []) process.stderr.write(`warning: ${partner.name}: ${warning}\n`);
        process.stdout.write(`${JSON.stringify({
          partner: partner.name, pages: result.pages, objects: result.objects, added: result.imported?.outcome.added ?? 0,
          updated: result.imported?.outcome.updated ?? 0, unchanged: result.imported?.outcome.unchanged ?? 0, cursor: result.cursor ?? null,
        })}\n`);
      }
    });
  });

  const listCmd = new Command('list')
    .description('list imported indicators (active ones, unless --all) or the import history (--imports)')
    .option('--all', 'include expired indicators')
    .option('--imports', 'show the import history instead')
    .option('--json', 'JSON lines');
  withDbOptions(listCmd).action(async (flags: DbOptions & { all?: boolean; imports?: boolean; json?: boolean }) => {
    await withStore(flags, async (store) => {
      if (flags.imports) {
        const imports = await store.listIntelImports({ limit: 100 });
        printRows(imports.map((i) => ({ at: i.at, source: i.source, origin: i.origin, added: i.added, updated: i.updated, unchanged: i.unchanged })), flags.json ?? false);
        return;
      }
      const indicators = await store.listIntelIndicators(flags.all ? {} : { activeAt: new Date().toISOString() });
      printRows(indicators.map((i) => ({
        indicator: i.indicatorId, kind: i.kind, source: i.source, confidence: i.confidence, valid_until: i.validUntil, report: String(i.data.report ?? ''),
      })), flags.json ?? false);
    });
  });

  return intel.addCommand(exportCmd).addCommand(importCmd).addCommand(pollCmd).addCommand(listCmd);
}
