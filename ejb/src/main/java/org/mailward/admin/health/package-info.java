/** Health of this node as an operator or a load balancer needs it: database, queues, listeners. */
package org.mailward.admin.health;
