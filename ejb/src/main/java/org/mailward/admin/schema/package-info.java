/** Brings the database schema up to date with the Flyway migrations of the {@code sql} module. */
package org.mailward.admin.schema;
