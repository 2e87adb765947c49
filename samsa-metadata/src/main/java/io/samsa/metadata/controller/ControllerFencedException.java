package io.samsa.metadata.controller;

/**
 * Thrown inside the controller when a write found {@code /controller_epoch} moved: a newer controller exists. The
 * event loop catches it and resigns; it never leaves the package.
 */
final class ControllerFencedException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    ControllerFencedException(String message) {
        super(message, null, false, false);
    }
}
