package com.acme.apps.groups;

/** CPU-bound work of one library (tests put it in group alpha, or in one group with Beta). */
public final class Alpha {
    private Alpha() {
    }

    public static long crunch(int rounds) {
        long x = 88172645463325252L;
        for (int r = 0; r < rounds; r++) {
            x = GroupsApp.spin(x, 3000);
            GroupsApp.ALPHA.exclusive(x, "alpha");
        }
        return x;
    }

    /** Alpha's work that calls into Beta's (a call from one group into the other). */
    public static long callBeta(int rounds) {
        long x = 1;
        for (int r = 0; r < rounds; r++) {
            x = GroupsApp.spin(x, 500);
            GroupsApp.ALPHA.exclusive(x, "alpha");
            x += Beta.crunch(1);
            GroupsApp.ALPHA.exclusive(x, "alpha");
        }
        return x;
    }
}
