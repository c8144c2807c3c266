package com.acme.apps.groups;

/** CPU-bound work of one library (tests put it in group beta, or in one group with Alpha). */
public final class Beta {
    private Beta() {
    }

    public static long crunch(int rounds) {
        long x = 88172645463325252L;
        for (int r = 0; r < rounds; r++) {
            x = GroupsApp.spin(x, 3000);
            GroupsApp.BETA.exclusive(x, "beta");
        }
        return x;
    }

    /** Beta's work that calls into Alpha's (a call from one group into the other). */
    public static long callAlpha(int rounds) {
        long x = 1;
        for (int r = 0; r < rounds; r++) {
            x = GroupsApp.spin(x, 500);
            GroupsApp.BETA.exclusive(x, "beta");
            x += Alpha.crunch(1);
            GroupsApp.BETA.exclusive(x, "beta");
        }
        return x;
    }
}
