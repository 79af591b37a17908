package dev.twinstack.users;

import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.time.Instant;

/** Request and response bodies of the users API: entities never leave the service. */
final class UserApi {

    private UserApi() {}

    /** PostgreSQL cannot store NUL in text, so it is refused at the edge instead of failing in the database. */
    static final String NO_NUL = "[^\\x00]*";

    static final String NO_NUL_MESSAGE = "must not contain NUL characters";

    static final int MAX_EMAIL_LENGTH = 254;

    record UserRequest(
            @NotNull @NotBlank @Email @Size(max = MAX_EMAIL_LENGTH) @Pattern(regexp = NO_NUL, message = NO_NUL_MESSAGE)
            String email,

            @NotNull @NotBlank @Size(max = 200) @Pattern(regexp = NO_NUL, message = NO_NUL_MESSAGE)
            String name,

            /** The token subject (sub claim) that acts for this user with auth on; see docs/security.md. */
            @Size(min = 1, max = MAX_SUBJECT_LENGTH) @Pattern(regexp = NO_NUL, message = NO_NUL_MESSAGE)
            String subject) {}

    static final int MAX_SUBJECT_LENGTH = 255;

    record UserResponse(long id, String email, String name, String subject, Instant createdAt) {

        static UserResponse of(User user) {
            return new UserResponse(user.id, user.email, user.name, user.subject, user.createdAt);
        }
    }
}
