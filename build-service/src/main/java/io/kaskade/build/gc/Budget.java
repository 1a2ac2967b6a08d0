package io.kaskade.build.gc;

/** How many deletions one pass may still make; shared by the engine and registry sweeps of a pass. */
final class Budget {

    private int left;

    Budget(int deletions) {
        this.left = Math.max(0, deletions);
    }

    /** Takes one deletion; false when the pass has used them all. */
    boolean take() {
        if (left == 0) {
            return false;
        }
        left--;
        return true;
    }

    boolean exhausted() {
        return left == 0;
    }
}
