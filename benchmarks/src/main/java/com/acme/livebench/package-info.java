/** Designated work for the live-view benchmark (outside dev.jgil, which the agent never weaves). */
package com.acme.livebench;
