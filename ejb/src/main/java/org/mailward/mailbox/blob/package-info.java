/** Message bodies: compressed, content-addressed files with a directory tree per domain. */
package org.mailward.mailbox.blob;
