import { AGENCIES, DELAY_REASONS } from '#libs/domain/src/index.js';
import { createTestApp, type TestApp } from '#libs/testing/src/index.js';
import { DECLARATION_DB } from '../../apps/declaration/src/database/declaration-database.js';
import { DeclarationServiceModule } from '../../apps/declaration/src/declaration-service.module.js';
import { GATEWAY_DB } from '../../apps/gateway/src/database/gateway-database.js';
import { GatewayServiceModule } from '../../apps/gateway/src/gateway-service.module.js';
import { YARD_QUEUE_DB } from '../../apps/yard-queue/src/database/yard-queue-database.js';
import { YardQueueServiceModule } from '../../apps/yard-queue/src/yard-queue-service.module.js';

// The OpenAPI document is the contract clients are generated from: every successful response must say
// what its body is (a schema with properties), or be 204 No Content.

interface Schema {
  $ref?: string;
  type?: string;
  enum?: string[];
  required?: string[];
  items?: Schema;
  properties?: Record<string, Schema>;
  additionalProperties?: Schema | boolean;
  allOf?: Schema[];
  oneOf?: Schema[];
  anyOf?: Schema[];
}
interface Operation {
  responses: Record<string, { content?: Record<string, { schema?: Schema }> }>;
}
interface OpenApiDocument {
  paths: Record<string, Record<string, Operation>>;
  components?: { schemas?: Record<string, Schema> };
}

const SERVICES = {
  declaration: { services: [DeclarationServiceModule], databases: [DECLARATION_DB] },
  'yard-queue': { services: [YardQueueServiceModule], databases: [YARD_QUEUE_DB] },
  gateway: { services: [GatewayServiceModule], databases: [GATEWAY_DB] },
};
const METHODS = ['get', 'post', 'put', 'patch', 'delete'];

/** What is wrong with a schema: an undescribed object, or a reference to a missing or empty schema. */
function problems(doc: OpenApiDocument, s: Schema | undefined, at: string, seen = new Set<string>()): string[] {
  if (!s) return [`${at}: no schema`];
  if (s.$ref) {
    const name = s.$ref.replace('#/components/schemas/', '');
    if (seen.has(name)) return [];
    seen.add(name);
    const target = doc.components?.schemas?.[name];
    if (!target) return [`${at}: ${s.$ref} does not exist`];
    return problems(doc, target, name, seen);
  }
  for (const key of ['allOf', 'oneOf', 'anyOf'] as const)
    if (s[key]) return s[key].flatMap((x, i) => problems(doc, x, `${at}.${key}[${i}]`, seen));
  if (s.type === 'array') return problems(doc, s.items, `${at}[]`, seen);
  if (s.type === undefined || s.type === 'object') {
    const props = Object.entries(s.properties ?? {});
    const extra = typeof s.additionalProperties === 'object' ? s.additionalProperties : undefined;
    if (!props.length && !extra) return [`${at}: an object without properties`];
    return [
      ...props.flatMap(([k, v]) => problems(doc, v, `${at}.${k}`, seen)),
      ...(extra ? problems(doc, extra, `${at}.*`, seen) : []),
    ];
  }
  return [];
}

describe.each(Object.entries(SERVICES))('the OpenAPI document of %s', (name, composition) => {
  let t: TestApp;
  let doc: OpenApiDocument;

  beforeAll(async () => {
    t = await createTestApp({ label: `openapi_${name.replace('-', '_')}`, ...composition });
    const res = await t.http().get('/api/docs-json');
    expect(res.status).toBe(200);
    doc = res.body as OpenApiDocument;
  });
  afterAll(async () => {
    await t?.close();
  });

  it('describes the body of every successful response (or says 204 No Content)', () => {
    const found: string[] = [];
    let operations = 0;
    for (const [path, item] of Object.entries(doc.paths))
      for (const method of METHODS.filter((m) => item[m])) {
        operations++;
        const ok = Object.entries(item[method].responses ?? {}).filter(([code]) => /^2\d\d$/.test(code));
        if (!ok.length) found.push(`${method.toUpperCase()} ${path}: no 2xx response`);
        for (const [code, response] of ok) {
          const at = `${method.toUpperCase()} ${path} ${code}`;
          if (code === '204') {
            if (response.content) found.push(`${at}: 204 with a body`);
            continue;
          }
          const json = response.content?.['application/json'];
          if (!json) found.push(`${at}: no application/json content`);
          else found.push(...problems(doc, json.schema, at));
        }
      }
    expect(operations).toBeGreaterThan(0);
    expect(found).toEqual([]);
  });

  if (name !== 'gateway')
    it('describes a waived no-show’s reason by its codes, its facts and its words in each language', () => {
      const schemas = doc.components?.schemas ?? {};
      // A described property refers through `allOf`.
      const ref = (s: Schema | undefined) =>
        schemas[(s?.$ref ?? s?.allOf?.[0].$ref ?? '').replace('#/components/schemas/', '')];
      const waiver = schemas.NoShowWaiver;
      expect(Object.keys(waiver.properties ?? {}).sort()).toEqual(['at', 'reason', 'reasonText']);
      const reason = ref(waiver.properties!.reason);
      expect(reason.properties!.code.enum).toEqual([...DELAY_REASONS]);
      expect(ref(reason.properties!.params).properties!.agency.enum).toEqual([...AGENCIES]);
      expect(Object.keys(ref(waiver.properties!.reasonText).properties ?? {}).sort()).toEqual(['en', 'vi', 'zh']);
    });
});
