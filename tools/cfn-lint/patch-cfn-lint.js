#!/usr/bin/env node
// Makes cfn-lint 1.9.7 fit to check our templates; runs as this package's postinstall, so
// `npm ci --prefix tools/cfn-lint` is all it takes (not with --ignore-scripts). Idempotent.
//
// cfn-lint 1.9.7 is the npm CloudFormation validator pinned here because it runs offline. Two things
// it cannot do on its own, and what this script does about them:
//
// 1. A current resource specification. It ships the specification of 2019 (version 2.29.0), which
//    lacks properties our templates need: AWS::ECS::Service DeploymentCircuitBreaker, Secrets and
//    StopTimeout of an ECS container, AWS::ElastiCache::ReplicationGroup MultiAZEnabled, target
//    tracking on metric math (CustomizedMetricSpecification Metrics), ... It reads the specification
//    from one file, node_modules/cfn-lint/data/aws_resources_specification.json, in the classic format
//    (ResourceTypes / PropertyTypes), and has no option to read another. @aws-cdk/aws-service-spec
//    (pinned in package.json, Apache-2.0) is the AWS CDK team's database of every CloudFormation
//    resource, built from the CloudFormation registry schemas; this script converts it to the classic
//    format and writes it in place of the bundled file (kept beside it as *.bundled.json). Resource
//    types the database no longer has are kept from the bundled file. (@aws-cdk/cfnspec, the classic
//    file itself, stopped at specification 117.0.0 in 2023 and lacks metric math.)
//
// 2. Values of other stacks' exports. Given no --import-values, cfn-lint resolves Fn::ImportValue to
//    the text "IMPORTEDVALUE<name>", and it requires the value of every property whose name contains
//    "Arn" to start with "arn:aws", so any ARN imported from another stack (TaskRoleArn, ListenerArn)
//    fails even though the template is right. (Its --import-values option would supply them, but
//    the tests run the plain `validate FILE`, and the keys it expects depend on its own resolution of
//    Fn::Sub.) This script changes that one line so that an import whose export name ends in "Arn"
//    resolves to an ARN-shaped placeholder instead: our templates name every ARN export ...Arn, and
//    deploy/src/test (ReferencesTest) checks that every import matches an export.
'use strict';

const fs = require('fs');
const path = require('path');
const zlib = require('zlib');

const here = __dirname;
const dataDir = path.join(here, 'node_modules', 'cfn-lint', 'data');
const target = path.join(dataDir, 'aws_resources_specification.json');
const bundled = path.join(dataDir, 'aws_resources_specification.bundled.json');
const serviceSpecDir = path.join(here, 'node_modules', '@aws-cdk', 'aws-service-spec');

// ---------------------------------------------------------------- 2. imported ARNs
const validatorFile = path.join(here, 'node_modules', 'cfn-lint', 'lib', 'validator.js');
const original = 'return "IMPORTEDVALUE" + toGet;';
const patched = 'return /Arn$/.test(toGet) ? "arn:aws:imported:::" + toGet : "IMPORTEDVALUE" + toGet;';
const validator = fs.readFileSync(validatorFile, 'utf8');
if (!validator.includes(patched)) {
  if (!validator.includes(original)) {
    throw new Error('cfn-lint: ' + validatorFile + ' is not the 1.9.7 this script knows; see tools/cfn-lint/'
      + path.basename(__filename));
  }
  fs.writeFileSync(validatorFile, validator.replace(original, patched));
}

// ---------------------------------------------------------------- 1. the resource specification
if (!fs.existsSync(bundled)) {
  fs.copyFileSync(target, bundled);
}
const old = JSON.parse(fs.readFileSync(bundled, 'utf8'));
const version = JSON.parse(fs.readFileSync(path.join(serviceSpecDir, 'package.json'), 'utf8')).version;
const db = JSON.parse(zlib.gunzipSync(fs.readFileSync(path.join(serviceSpecDir, 'db.json.gz'))).toString('utf8'));
const schema = db.schema;

const typeDefinitions = new Map(schema.typeDefinition.entities.map((t) => [t.$id, t]));
const owner = new Map(); // type definition id -> resource type name
const resources = schema.resource.entities;
for (const resource of resources) {
  for (const used of schema.usesType.forward[resource.$id] || []) {
    owner.set(used.$id, resource.cloudFormationType);
  }
}

const PRIMITIVES = {
  string: 'String',
  integer: 'Integer',
  number: 'Double',
  boolean: 'Boolean',
  json: 'Json',
  'date-time': 'Timestamp',
};

function typeName(reference) {
  const definition = typeDefinitions.get(reference.$ref);
  return definition ? definition.name : undefined;
}

/** The classic spec's type fields for one type of the database. */
function classic(type) {
  if (PRIMITIVES[type.type]) {
    return { PrimitiveType: PRIMITIVES[type.type] };
  }
  if (type.type === 'tag') {
    return { Type: 'Tag' };
  }
  if (type.type === 'ref') {
    return { Type: typeName(type.reference) };
  }
  if (type.type === 'array' || type.type === 'map') {
    const element = type.element;
    const out = { Type: type.type === 'array' ? 'List' : 'Map' };
    if (PRIMITIVES[element.type]) {
      out.PrimitiveItemType = PRIMITIVES[element.type];
    } else if (element.type === 'tag') {
      out.ItemType = 'Tag';
    } else if (element.type === 'ref') {
      out.ItemType = typeName(element.reference);
    } else {
      // A list of unions or of lists: the classic format cannot say it; accept any item.
      out.PrimitiveItemType = 'Json';
    }
    return out;
  }
  if (type.type === 'union') {
    // The classic format has one type per property: the structured member if there is one (so its
    // fields are still checked), else Json, else the first. Most unions are a classic type that the
    // registry schema widened (KeySchema: a list of KeySchema, or Json; a policy: Json, or a string).
    const structured = type.types.find((t) => t.type === 'ref'
      || ((t.type === 'array' || t.type === 'map') && t.element.type === 'ref'));
    return classic(structured || type.types.find((t) => t.type === 'json') || type.types[0]);
  }
  throw new Error('Unknown type ' + JSON.stringify(type));
}

/** A property's type: the one it had before the registry schema widened it, where the database says. */
function propertyType(property) {
  if (property.type.type === 'union' && property.previousTypes && property.previousTypes.length) {
    return classic(property.previousTypes[0]);
  }
  return classic(property.type);
}

/** The CloudFormation reference page, as cfn-lint prints it with each error. */
function documentation(kind, resourceType, propertyType) {
  const parts = resourceType.split('::').slice(1).concat(propertyType ? [propertyType] : []);
  return 'https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/' + kind + '-'
    + parts.join('-').toLowerCase() + '.html';
}

function updateType(property) {
  switch (property.causesReplacement) {
    case 'yes': return 'Immutable';
    case 'maybe': return 'Conditional';
    default: return 'Mutable';
  }
}

function properties(from) {
  const out = {};
  for (const [name, property] of Object.entries(from || {})) {
    out[name] = Object.assign(
      { Required: property.required === true, UpdateType: updateType(property) },
      propertyType(property));
  }
  return out;
}

function attributes(from) {
  const out = {};
  for (const [name, attribute] of Object.entries(from || {})) {
    out[name] = classic(attribute.type);
  }
  return out;
}

const spec = {
  ResourceSpecificationVersion: '@aws-cdk/aws-service-spec ' + version,
  PropertyTypes: { Tag: old.PropertyTypes.Tag },
  ResourceTypes: {},
};
for (const resource of resources) {
  spec.ResourceTypes[resource.cloudFormationType] = {
    Documentation: documentation('aws-resource', resource.cloudFormationType),
    Attributes: attributes(resource.attributes),
    Properties: properties(resource.properties),
  };
}
for (const [id, definition] of typeDefinitions) {
  const resourceType = owner.get(id);
  if (resourceType) {
    spec.PropertyTypes[resourceType + '.' + definition.name] = {
      Documentation: documentation('aws-properties', resourceType, definition.name),
      Properties: properties(definition.properties),
    };
  }
}
let kept = 0;
for (const [name, type] of Object.entries(old.ResourceTypes)) {
  if (!spec.ResourceTypes[name]) {
    spec.ResourceTypes[name] = type;
    kept++;
    for (const [propertyTypeName, propertyType] of Object.entries(old.PropertyTypes)) {
      if (propertyTypeName.startsWith(name + '.')) {
        spec.PropertyTypes[propertyTypeName] = propertyType;
      }
    }
  }
}

fs.writeFileSync(target, JSON.stringify(spec));
console.log('cfn-lint: resource specification from @aws-cdk/aws-service-spec ' + version + ': '
  + Object.keys(spec.ResourceTypes).length + ' resource types (' + kept + ' kept from the bundled '
  + old.ResourceSpecificationVersion + ').');
