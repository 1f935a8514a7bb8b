/** Settings that come from the WildFly configuration (system level) rather than the database. */
package org.mailward.admin.settings;
