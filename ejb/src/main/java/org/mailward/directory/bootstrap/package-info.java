/** What the directory needs on a fresh installation: the first system administrator. */
package org.mailward.directory.bootstrap;
