/** What a person sees (Faces pages), the REST API and the health endpoint. */
package org.mailward.web;
