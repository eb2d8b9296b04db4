/**
 * The production store: accounts, sessions, access tokens, rooms, room members, messages, mentions and webhooks in DynamoDB
 * through the AWS SDK v2 enhanced client. {@link dev.chat.adapters.dynamodb.DynamoStores} is the entry point; the item
 * classes that map to DynamoDB stay inside this package, and only the core's domain records cross its boundary.
 */
package dev.chat.adapters.dynamodb;
