package dev.jgil.report.model;

import java.io.IOException;

/**
 * A recording that cannot be reported on: missing, not JFR, corrupt, or without jgil events. The message
 * is one line meant for a human (the CLI prints it as is, without a stack trace).
 */
public final class ReportInputException extends IOException {
    private static final long serialVersionUID = 1L;

    public ReportInputException(String oneLineMessage) {
        super(oneLineMessage);
    }

    public ReportInputException(String oneLineMessage, Throwable cause) {
        super(oneLineMessage, cause);
    }
}
