package it.rete.partner.dossier;

import java.util.List;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/**
 * Personal details for the addressee of a referral (the DossierContent contract). They never leave this service
 * in clear: they are sealed for the addressee before they reach the ledger, and nothing of them is logged.
 */
public record Dossier(
        @NotBlank @Size(max = 200) String fullName,
        @Size(max = 40) @Pattern(regexp = "\\+?[0-9 ()-]{3,40}") String phone,
        @Size(max = 10) List<@Pattern(regexp = "[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8}){0,3}") String> languages,
        @Size(max = 2000) String needs,
        @Size(max = 500) String meetingPoint) {

    @Override
    public String toString() {
        return "Dossier[personal data not shown]";
    }
}
