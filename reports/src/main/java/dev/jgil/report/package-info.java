/** Report model, analysis and renderers (built from a recording; see the reports issue). */
package dev.jgil.report;
