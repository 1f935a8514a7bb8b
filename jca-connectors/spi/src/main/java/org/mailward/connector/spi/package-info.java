/**
 * The contract between the protocol listeners in the resource adapter and the domain in the ejb
 * module. Message-driven beans implement the listener interfaces ({@code *Backend}); the adapter
 * calls them through JCA message endpoints. Only records and interfaces live here: no entities,
 * nothing from the Jakarta EE container besides the Connectors API.
 */
package org.mailward.connector.spi;
